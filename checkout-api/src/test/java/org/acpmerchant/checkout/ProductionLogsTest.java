package org.acpmerchant.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * With the gateway's own configuration under {@code prod}, log lines are JSON (ECS) with the request's MDC — agent,
 * session and request id — and the trace and span ids as fields, for a log pipeline to index and to join to traces;
 * outside {@code prod} they stay text.
 */
class ProductionLogsTest {

    /** Tracing as the services configure it, and nothing else of theirs. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
            MicrometerTracingAutoConfiguration.class, ObservationAutoConfiguration.class})
    static class Nothing {}

    @Test
    void inProd_logLinesAreJson_withTheMdcAsFields() throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.config.name=checkout-api", "--spring.main.banner-mode=off"));
        for (String name : List.of("CHECKOUT_DB_URL", "CHECKOUT_DB_USER", "CHECKOUT_DB_PASSWORD",
                "KAFKA_BOOTSTRAP_SERVERS", "ACP_AGENT_ID", "ACP_AGENT_TOKEN_SHA256", "ACP_PUBLIC_BASE_URL",
                "STRIPE_ACCOUNT_ID", "ACP_TERMS_URL", "ACP_PRIVACY_URL", "OPS_TOKEN_SHA256")) {
            args.add("--" + name + "=value-of-" + name);
        }
        String traceId;
        String spanId;
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Nothing.class)
                .web(WebApplicationType.NONE).profiles("prod").logStartupInfo(false).registerShutdownHook(false)
                .run(args.toArray(String[]::new));
                var session = MDC.putCloseable("session_id", "cs_probe");
                var agent = MDC.putCloseable("agent", "chatgpt")) {
            Tracer tracer = context.getBean(Tracer.class);
            Span span = tracer.nextSpan().name("probe").start();
            try (var scope = tracer.withSpan(span)) {
                traceId = span.context().traceId();
                spanId = span.context().spanId();
                LoggerFactory.getLogger("org.acpmerchant.probe").info("a line in production");
            } finally {
                span.end();
            }
        } finally {
            System.setOut(original);
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("a line in production")).findFirst().orElseThrow();
        var json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("a line in production");
        assertThat(json.path("session_id").asText()).isEqualTo("cs_probe");
        assertThat(json.path("agent").asText()).isEqualTo("chatgpt");
        assertThat(json.path("log").path("level").asText()).isEqualTo("INFO");
        // ECS's dotted names, as ECS's own loggers write them
        assertThat(json.path("trace.id").asText()).as("the trace id, to find the line's trace").isEqualTo(traceId);
        assertThat(json.path("span.id").asText()).isEqualTo(spanId);
    }
}
