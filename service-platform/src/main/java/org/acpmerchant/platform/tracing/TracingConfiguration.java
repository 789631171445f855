package org.acpmerchant.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
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
@AutoConfiguration(before = AxonTracingAutoConfiguration.class)
public class TracingConfiguration {

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
