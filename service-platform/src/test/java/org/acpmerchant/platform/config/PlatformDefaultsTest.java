package org.acpmerchant.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PlatformDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> given) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", given));
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void sharedDefaultsApply_andAnythingElseOverridesThem() {
        assertThat(environment(Map.of()).getProperty("axon.tracing.event-processor.distributed-in-same-trace"))
                .isEqualTo("true");
        assertThat(environment(Map.of()).getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
        assertThat(environment(Map.of("ACP_TRACE_SAMPLING", "0.1"))
                .getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        assertThat(environment(Map.of("management.tracing.sampling.probability", "0.25"))
                .getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
    }

    @Test
    void theOtlpEndpointIsSetOnlyWhenOpenTelemetrysVariableNamesOne() {
        assertThat(environment(Map.of()).containsProperty(PlatformDefaults.OTLP_ENDPOINT))
                .as("no endpoint: Boot would refuse an empty one and the service would not start").isFalse();
        assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", " ")).containsProperty(
                PlatformDefaults.OTLP_ENDPOINT)).isFalse();
        assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces"))
                .getProperty(PlatformDefaults.OTLP_ENDPOINT)).isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://a/v1/traces",
                PlatformDefaults.OTLP_ENDPOINT, "http://b/v1/traces")).getProperty(PlatformDefaults.OTLP_ENDPOINT))
                .as("the Spring property wins").isEqualTo("http://b/v1/traces");
    }
}
