package org.acpmerchant.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Metrics every service shares: its event processors ({@link ProcessorMetrics}), its Kafka consumer groups' lag per
 * topic ({@link KafkaConsumerLag}), and latency histograms of its HTTP
 * endpoints (and of payment-service's Stripe calls) with buckets for the latency objectives, so p99s can be
 * aggregated across replicas in Prometheus.
 */
@AutoConfiguration
public class PlatformMetricsConfiguration {

    @Bean
    public ProcessorMetrics eventProcessorMetrics(ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<MeterRegistry> meters) {
        return new ProcessorMetrics(processing, jdbc, meters);
    }

    @Bean
    public KafkaConsumerLag kafkaConsumerLag(ObjectProvider<KafkaAdmin> kafkaAdmin) {
        return new KafkaConsumerLag(kafkaAdmin, Duration.ofSeconds(10));
    }

    /** Lag gauges for every {@code @KafkaListener}'s group and topics, once the listeners exist. */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> kafkaConsumerLagGauges(ObjectProvider<KafkaConsumerLag> lag,
            ObjectProvider<KafkaListenerEndpointRegistry> listeners, ObjectProvider<MeterRegistry> meters) {
        return ready -> lag.ifAvailable(l -> listeners.ifAvailable(registry -> meters.ifAvailable(m -> {
            Map<String, Set<String>> topicsByGroup = new TreeMap<>();
            for (MessageListenerContainer container : registry.getListenerContainers()) {
                String[] topics = container.getContainerProperties().getTopics();
                if (container.getGroupId() != null && topics != null) {
                    topicsByGroup.computeIfAbsent(container.getGroupId(), g -> new TreeSet<>())
                            .addAll(Arrays.asList(topics));
                }
            }
            topicsByGroup.forEach((group, topics) -> l.register(m, group, topics));
        })));
    }

    @Bean
    public MeterFilter httpLatencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests") && !id.getName().equals("payment.stripe.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2000),
                                ms(4000), ms(8000), ms(10000))
                        .build().merge(config);
            }
        };
    }

    private static double ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
