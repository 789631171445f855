package org.acpmerchant.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.SpanScope;

/**
 * Axon's {@link SpanFactory} over the OpenTelemetry SDK that Spring Boot configures for Micrometer Tracing: Axon's
 * command, event-processor, saga and deadline spans join the same traces as the HTTP and Kafka spans, and the trace
 * context travels in message metadata ({@code traceparent}), so a step that runs later, from the event store, on
 * another thread or replica, is still a child of the step that caused it. Axon's own OpenTelemetry module is not
 * published for Axon 4.13 (ADR 0026); this one follows its semantics.
 */
public final class AxonSpans implements SpanFactory {

    /**
     * Axon's bookkeeping spans that tell on-call nothing the spans around them do not (an aggregate's lock and load,
     * an event's publication and commit: about 40 % of a checkout's spans): not recorded. Work inside them belongs to
     * the enclosing span, and an event carries the trace of the handler that published it.
     */
    static final List<String> OMITTED = List.of("Repository.", "EventBus.");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final List<SpanAttributesProvider> attributeProviders = new CopyOnWriteArrayList<>();

    public AxonSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("org.acpmerchant.axon");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, Map::put);
        @SuppressWarnings("unchecked")
        M withContext = carrier.isEmpty() ? message : (M) message.andMetaData(carrier);
        return withContext;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationName) {
        return new AxonSpan(tracer.spanBuilder(operationName.get())
                .setSpanKind(SpanKind.INTERNAL)
                .addLink(io.opentelemetry.api.trace.Span.current().getSpanContext())
                .setNoParent());
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationName, Message<?> parentMessage, boolean isChildTrace,
            Message<?>... linkedParents) {
        Context parent = contextOf(parentMessage);
        SpanBuilder builder = tracer.spanBuilder(name(operationName.get(), parentMessage)).setSpanKind(SpanKind.CONSUMER);
        if (isChildTrace) {
            builder.setParent(parent);
        } else {
            builder.addLink(io.opentelemetry.api.trace.Span.fromContext(parent).getSpanContext()).setNoParent();
        }
        link(builder, linkedParents);
        attributes(builder, parentMessage);
        return new AxonSpan(builder);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationName, Message<?> message, Message<?>... linkedSiblings) {
        String operation = operationName.get();
        if (omitted(operation)) {
            return NOT_RECORDED;
        }
        SpanBuilder builder = tracer.spanBuilder(name(operation, message))
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.current());
        link(builder, linkedSiblings);
        attributes(builder, message);
        return new AxonSpan(builder);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName) {
        String operation = operationName.get();
        if (omitted(operation)) {
            return NOT_RECORDED;
        }
        return new AxonSpan(tracer.spanBuilder(operation)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current()));
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationName, Message<?> message) {
        String operation = operationName.get();
        if (omitted(operation)) {
            return NOT_RECORDED;
        }
        SpanBuilder builder = tracer.spanBuilder(name(operation, message))
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current());
        attributes(builder, message);
        return new AxonSpan(builder);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        attributeProviders.add(provider);
    }

    private static boolean omitted(String operation) {
        for (String prefix : OMITTED) {
            if (operation.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Stands for an omitted span: nothing is recorded and the current span stays current. */
    private static final Span NOT_RECORDED = new Span() {
        @Override
        public Span start() {
            return this;
        }

        @Override
        public SpanScope makeCurrent() {
            return () -> {};
        }

        @Override
        public void end() {}

        @Override
        public Span recordException(Throwable t) {
            return this;
        }

        @Override
        public Span addAttribute(String key, String value) {
            return this;
        }
    };

    private Context contextOf(Message<?> message) {
        return propagator.extract(Context.current(), message, METADATA);
    }

    private void link(SpanBuilder builder, Message<?>[] messages) {
        for (Message<?> message : messages) {
            builder.addLink(io.opentelemetry.api.trace.Span.fromContext(contextOf(message)).getSpanContext());
        }
    }

    private void attributes(SpanBuilder builder, Message<?> message) {
        if (message != null) {
            for (SpanAttributesProvider provider : attributeProviders) {
                provider.provideForMessage(message).forEach(builder::setAttribute);
            }
        }
    }

    private static String name(String operation, Message<?> message) {
        if (message == null) {
            return operation;
        }
        String payload = message.getPayloadType().getSimpleName();
        return operation + "(" + payload + ")";
    }

    private static final TextMapGetter<Message<?>> METADATA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message<?> carrier) {
            return carrier.getMetaData().keySet();
        }

        @Override
        public String get(Message<?> carrier, String key) {
            Object value = carrier == null ? null : carrier.getMetaData().get(key);
            return value == null ? null : value.toString();
        }
    };

    /** A span whose start, scopes and end Axon drives; ended spans ignore further calls. */
    private static final class AxonSpan implements Span {

        private final SpanBuilder builder;
        private volatile io.opentelemetry.api.trace.Span span;

        AxonSpan(SpanBuilder builder) {
            this.builder = builder;
        }

        @Override
        public Span start() {
            if (span == null) {
                span = builder.startSpan();
            }
            return this;
        }

        @Override
        public SpanScope makeCurrent() {
            if (span == null) {
                return () -> {};
            }
            Scope scope = span.makeCurrent();
            return scope::close;
        }

        @Override
        public void end() {
            if (span != null) {
                span.end();
            }
        }

        @Override
        public Span recordException(Throwable t) {
            if (span != null) {
                span.recordException(t);
                span.setStatus(StatusCode.ERROR, t.getMessage());
            }
            return this;
        }

        @Override
        public Span addAttribute(String key, String value) {
            if (span == null) {
                builder.setAttribute(key, value);
            } else {
                span.setAttribute(key, value);
            }
            return this;
        }
    }
}
