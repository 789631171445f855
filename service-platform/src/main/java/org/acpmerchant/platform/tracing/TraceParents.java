package org.acpmerchant.platform.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * The current trace as a W3C {@code traceparent} string, for work that is stored now and done later by another
 * thread (a webhook delivery), and spans that continue such a stored trace.
 */
public final class TraceParents {

    public static final String HEADER = "traceparent";

    public static final TraceParents NOOP = new TraceParents(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceParents(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or null outside any trace. */
    public String current() {
        TraceContext context = tracer.currentTraceContext().context();
        return context == null ? null : of(context);
    }

    /** The {@code traceparent} that makes a receiver's span a child of {@code span}. */
    public String of(Span span) {
        return of(span.context());
    }

    private String of(TraceContext context) {
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** A span builder whose parent is the stored {@code traceparent}; a new trace when there is none. */
    public Span.Builder continueFrom(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return tracer.spanBuilder().setNoParent();
        }
        return propagator.extract(Map.of(HEADER, traceParent), Map::get);
    }

    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
