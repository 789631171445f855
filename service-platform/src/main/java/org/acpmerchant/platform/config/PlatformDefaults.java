package org.acpmerchant.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Settings every service shares ({@code acp-platform-defaults.properties}: tracing, Axon's trace options, log field
 * names), added with the lowest precedence, so a service's own configuration, a profile or an environment variable
 * overrides any of them; and the trace collector named by {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "acp-platform-defaults.properties";
    static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // OpenTelemetry's own variable names the trace collector; set only when given (Boot fails on an empty one)
        String endpoint = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(OTLP_ENDPOINT)) {
            environment.getPropertySources().addLast(
                    new MapPropertySource("acp-otlp-endpoint", Map.of(OTLP_ENDPOINT, endpoint.strip())));
        }
        try {
            environment.getPropertySources().addLast(
                    new ResourcePropertySource("acp-platform-defaults", new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 2;
    }
}
