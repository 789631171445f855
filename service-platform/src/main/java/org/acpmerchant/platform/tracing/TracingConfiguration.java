package org.acpmerchant.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * One checkout, one trace (ADR 0026): the agent's HTTP request (its {@code traceparent} honoured), every Kafka send
 * and receive, every Axon command, event handler and saga step, the Stripe calls and the webhook POST to the agent.
 * Spring Boot configures the OpenTelemetry SDK and Micrometer Tracing (sampling, OTLP export:
 * {@code acp-platform-defaults.properties}); this adds Axon's spans over the same SDK and turns on the observations of
 * every Kafka template and listener container, whoever declared them.
 */
@AutoConfiguration(before = {AxonTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class})
public class TracingConfiguration {

    /**
     * The span processor Spring Boot builds (the same {@code management.opentelemetry.tracing.export.*} settings), but
     * handing spans to the exporters as they are when no {@link SpanExportingPredicate}, {@link SpanReporter} or
     * {@link SpanFilter} is declared. Boot wraps the exporters in Micrometer's {@link CompositeSpanExporter}, which
     * copies every span into Micrometer's form and back, its attributes sorted anew, so that those beans could see it:
     * 4 % of the one-JVM stack's execution samples under 16 agents (ADR 0046). With any of them declared, it is
     * Boot's processor.
     */
    @Bean
    public BatchSpanProcessor otelSpanProcessor(SpanExporters exporters,
            ObjectProvider<SpanExportingPredicate> predicates, ObjectProvider<SpanReporter> reporters,
            ObjectProvider<SpanFilter> filters, ObjectProvider<MeterProvider> meterProvider,
            OpenTelemetryTracingProperties properties) {
        List<SpanExportingPredicate> predicateList = predicates.orderedStream().toList();
        List<SpanReporter> reporterList = reporters.orderedStream().toList();
        List<SpanFilter> filterList = filters.orderedStream().toList();
        SpanExporter exporter = predicateList.isEmpty() && reporterList.isEmpty() && filterList.isEmpty()
                ? SpanExporter.composite(exporters.list())
                : new CompositeSpanExporter(exporters.list(), predicateList, reporterList, filterList);
        var export = properties.getExport();
        var builder = BatchSpanProcessor.builder(exporter)
                .setExportUnsampledSpans(export.isIncludeUnsampled())
                .setExporterTimeout(export.getTimeout())
                .setMaxExportBatchSize(export.getMaxBatchSize())
                .setMaxQueueSize(export.getMaxQueueSize())
                .setScheduleDelay(export.getScheduleDelay());
        meterProvider.ifAvailable(builder::setMeterProvider);
        return builder.build();
    }

    @Bean
    public TraceParents traceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceParents(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** Attribute of every span that belongs to a checkout session: Axon's, Kafka's, HTTP's, Stripe's, the webhook's. */
    public static final String SESSION_ATTRIBUTE = "acp.session_id";

    @Bean
    public SpanFactory axonSpanFactory(ObjectProvider<OpenTelemetry> openTelemetry) {
        return new AxonSpans(openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    @Bean
    public SpanAttributesProvider sessionSpanAttribute() {
        return message -> {
            Object session = message.getMetaData().get(AuditMetadata.SESSION_ID);
            return session == null ? Map.of() : Map.of(SESSION_ATTRIBUTE, session.toString());
        };
    }

    /** Observed sends and receives carry the trace in the record's {@code traceparent} header and time each record. */
    @Bean
    public static BeanPostProcessor kafkaObservations() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // the observation also times each record (spring.kafka.template, spring.kafka.listener); Spring
                // Kafka's older timers of the same names, with other tags, would clash with them in Prometheus
                if (bean instanceof KafkaTemplate<?, ?> template) {
                    template.setObservationEnabled(true);
                    template.setMicrometerEnabled(false);
                } else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
                    factory.getContainerProperties().setObservationEnabled(true);
                    factory.getContainerProperties().setMicrometerEnabled(false);
                } else if (bean instanceof AbstractMessageListenerContainer<?, ?> container) {
                    container.getContainerProperties().setObservationEnabled(true);
                    container.getContainerProperties().setMicrometerEnabled(false);
                }
                return bean;
            }
        };
    }
}
