package org.acpmerchant.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Metrics every service shares: its event processors ({@link ProcessorMetrics}), and latency histograms of its HTTP
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
    public MeterFilter httpLatencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests") && !id.getName().equals("payment.stripe.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2000),
                                ms(4000), ms(8000), ms(10000))
                        .build().merge(config);
            }
        };
    }

    private static double ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
