package org.acpmerchant.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.tracing.Span;
import org.junit.jupiter.api.Test;

class AxonSpansTest {

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final AxonSpans spans = new AxonSpans(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());

    {
        spans.registerSpanAttributeProvider(message -> Map.of("acp.session_id", "cs_1"));
    }

    @Test
    void aMessagePublishedInsideASpanCarriesItsTrace_andItsHandlerIsAChildOfIt_laterAndElsewhere() {
        Span handler = spans.createHandlerSpan(() -> "CommandBus.handleCommand",
                GenericCommandMessage.asCommandMessage("command"), true).start();
        EventMessage<?> event;
        try (var scope = handler.makeCurrent()) {
            event = spans.propagateContext(GenericEventMessage.asEventMessage("event"));
        } finally {
            handler.end();
        }
        assertThat(event.getMetaData()).containsKey("traceparent");

        // a processor thread, with nothing current, handles the stored event
        Span processing = spans.createHandlerSpan(() -> "StreamingEventProcessor.process", event, true).start();
        processing.end();

        SpanData first = exported.getFinishedSpanItems().get(0);
        SpanData second = exported.getFinishedSpanItems().get(1);
        assertThat(second.getTraceId()).isEqualTo(first.getTraceId());
        assertThat(second.getParentSpanId()).isEqualTo(first.getSpanId());
        assertThat(second.getName()).isEqualTo("StreamingEventProcessor.process(String)");
        assertThat(second.getAttributes().asMap().toString()).contains("acp.session_id=cs_1");
    }

    @Test
    void aReplayedEventStartsATraceOfItsOwnThatLinksToTheFirst() {
        Span original = spans.createRootTrace(() -> "original").start();
        EventMessage<?> event;
        try (var scope = original.makeCurrent()) {
            event = spans.propagateContext(GenericEventMessage.asEventMessage("event"));
        } finally {
            original.end();
        }
        spans.createHandlerSpan(() -> "replay", event, false).start().end();
        SpanData replay = exported.getFinishedSpanItems().get(1);
        assertThat(replay.getTraceId()).isNotEqualTo(exported.getFinishedSpanItems().get(0).getTraceId());
        assertThat(replay.getLinks()).anySatisfy(link -> assertThat(link.getSpanContext().getTraceId())
                .isEqualTo(exported.getFinishedSpanItems().get(0).getTraceId()));
    }

    @Test
    void bookkeepingSpansAreNotRecorded_andWhatRunsInsideThemBelongsToTheEnclosingSpan() {
        Span handler = spans.createRootTrace(() -> "handler").start();
        try (var scope = handler.makeCurrent()) {
            Span lock = spans.createInternalSpan(() -> "Repository.obtainLock").start();
            try (var inner = lock.makeCurrent()) {
                spans.createInternalSpan(() -> "work").start().end();
            } finally {
                lock.end();
            }
            spans.createDispatchSpan(() -> "EventBus.publishEvent", GenericEventMessage.asEventMessage("e")).start()
                    .end();
        } finally {
            handler.end();
        }
        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("work", "handler");
        assertThat(exported.getFinishedSpanItems().get(0).getParentSpanId())
                .isEqualTo(exported.getFinishedSpanItems().get(1).getSpanId());
    }
}
