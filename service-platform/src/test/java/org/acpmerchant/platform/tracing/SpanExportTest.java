package org.acpmerchant.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spans reach the exporters through the span processor {@link TracingConfiguration} declares in place of Spring
 * Boot's: as they are, attributes and all, when nothing filters them, and through Micrometer's predicates when one is
 * declared (ADR 0046).
 */
class SpanExportTest {

    /** An exporter that keeps what it is handed. */
    static final class Kept implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, TracingConfiguration.class))
            .withBean(Kept.class, Kept::new)
            .withPropertyValues("management.tracing.sampling.probability=1.0");

    @Test
    void withNothingToFilter_spansGoToTheExportersAsTheyAre() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SpanProcessor.class);
            assertThat(context.getBean(BatchSpanProcessor.class).toString()).doesNotContain("CompositeSpanExporter");
            var tracer = context.getBean(OpenTelemetry.class).getTracer("test");
            for (int i = 0; i < 20; i++) {
                tracer.spanBuilder("step-" + i).setAttribute("acp.session_id", "cs_" + i)
                        .setAttribute("b", i).setAttribute("a", "first").startSpan().end();
            }
            context.getBean(BatchSpanProcessor.class).forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
            List<SpanData> kept = context.getBean(Kept.class).spans;
            assertThat(kept).hasSize(20);
            for (SpanData span : kept) {
                int i = Integer.parseInt(span.getName().substring("step-".length()));
                assertThat(span.getAttributes().asMap()).hasSize(3);
                assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                        "acp.session_id"))).isEqualTo("cs_" + i);
                assertThat(span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("b")))
                        .isEqualTo((long) i);
            }
        });
    }

    @Test
    void aDeclaredPredicate_stillDecidesWhatIsExported() {
        runner.withBean(SpanExportingPredicate.class, () -> span -> !span.getName().startsWith("drop"))
                .run(context -> {
                    assertThat(context.getBean(BatchSpanProcessor.class).toString())
                            .contains("CompositeSpanExporter");
                    var tracer = context.getBean(OpenTelemetry.class).getTracer("test");
                    for (int i = 0; i < 10; i++) {
                        tracer.spanBuilder((i % 2 == 0 ? "drop-" : "keep-") + i).startSpan().end();
                    }
                    context.getBean(BatchSpanProcessor.class).forceFlush()
                            .join(5, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(context.getBean(Kept.class).spans).extracting(SpanData::getName)
                            .containsExactlyInAnyOrder("keep-1", "keep-3", "keep-5", "keep-7", "keep-9");
                });
    }
}
