package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.acpmerchant.deploy.TraceCollector.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One checkout is one trace (ADR 0026): the whole stack exports its spans by OTLP/HTTP, as it would to a real
 * collector, to an in-process receiver; the agent sends a W3C {@code traceparent} with its create and complete, and
 * the trace that comes back covers the four services, every Kafka hop, Axon's commands, event handlers and saga, the
 * Stripe calls and the signed webhook POST, with every span's parent in the same trace (no hop lost the context).
 */
@ExtendWith(SharedStack.class)
class TracingE2E {

    static TraceCollector collector;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = SharedStack.stack();
        collector = SharedStack.traces();
    }

    @AfterAll
    static void stop() throws Exception {
        // every span received, one per line, for reading a failure (build output, not committed)
        java.nio.file.Files.write(java.nio.file.Path.of("target", "tracing-e2e-spans.txt"), collector.spans().stream()
                .map(s -> String.join(" ", s.traceId(), s.spanId(), "<-" + s.parentSpanId(), s.service(), s.kind(),
                        s.name(), s.attributes().toString())).toList());
    }

    @Test
    void oneCheckoutIsOneTraceAcrossTheFourServicesKafkaAxonStripeAndTheWebhook() {
        String traceId = randomHex(16);
        String agentCreateSpan = randomHex(8);
        String agentCompleteSpan = randomHex(8);
        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        String sessionId = agent.withHeaders(Map.of("traceparent", "00-" + traceId + "-" + agentCreateSpan + "-01",
                        "Request-Id", "req_trace_create"))
                .post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        var completed = agent.withHeaders(Map.of("traceparent", "00-" + traceId + "-" + agentCompleteSpan + "-01",
                        "Request-Id", "req_trace_complete"))
                .post("/checkout_sessions/" + sessionId + "/complete", completeBody("spt_test_success"));
        assertThat(completed.body().path("status").asText()).isEqualTo("completed");
        String orderId = completed.body().at("/order/id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId)));
        // the webhook's client span ends after the receiver answered; the exporter sends every 100 ms
        // the trace is whole once the webhook's client span (it ends after the receiver answered) and every span's
        // parent have arrived (each service's exporter sends every 100 ms); a hop that started a trace of its own
        // never makes it whole
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<ReceivedSpan> spans = collector.trace(traceId);
            assertThat(spans).anyMatch(s -> s.name().startsWith("webhook ") && orderId.equals(s.attribute("acp.order_id")));
            assertThat(spans.stream().map(ReceivedSpan::service).collect(Collectors.toSet()))
                    .as("services in the trace").containsExactlyInAnyOrder(
                            "checkout-api", "pricing-service", "payment-service", "order-service");
            // every span's parent is in the trace, or is the agent's own span
            Set<String> ids = spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            assertThat(spans).allSatisfy(span -> assertThat(ids.contains(span.parentSpanId())
                    || span.parentSpanId().equals(agentCreateSpan) || span.parentSpanId().equals(agentCompleteSpan))
                    .as("parent of %s (%s) is in the trace", span.name(), span.service()).isTrue());
        });
        List<ReceivedSpan> trace = collector.trace(traceId);

        ReceivedSpan complete = only(trace, s -> s.kind().equals("SPAN_KIND_SERVER")
                && s.parentSpanId().equals(agentCompleteSpan));
        assertThat(complete.service()).isEqualTo("checkout-api");
        assertThat(complete.attribute("acp.session_id")).isEqualTo(sessionId);
        assertThat(complete.attribute("acp.request_id")).isEqualTo("req_trace_complete");
        ReceivedSpan create = only(trace, s -> s.kind().equals("SPAN_KIND_SERVER")
                && s.parentSpanId().equals(agentCreateSpan));
        assertThat(create.attribute("acp.session_id")).as("the created session names the create's span")
                .isEqualTo(sessionId);

        // Kafka: each service sends and receives within the trace
        assertThat(services(trace, s -> s.kind().equals("SPAN_KIND_PRODUCER")
                && "publish".equals(s.attribute("messaging.operation")))).containsExactlyInAnyOrder("checkout-api", "pricing-service",
                "payment-service", "order-service");
        assertThat(services(trace, s -> s.kind().equals("SPAN_KIND_CONSUMER")
                && "process".equals(s.attribute("messaging.operation")))).containsExactlyInAnyOrder("checkout-api", "pricing-service",
                "payment-service", "order-service");
        // Axon: commands dispatched and handled, events handled by processors and the saga, in every service
        assertThat(services(trace, s -> s.name().startsWith("CommandBus.handleCommand"))).containsExactlyInAnyOrder(
                "checkout-api", "pricing-service", "payment-service", "order-service");
        assertThat(trace).anyMatch(s -> s.name().startsWith("SagaManager") && s.service().equals("checkout-api"));
        assertThat(trace).filteredOn(s -> s.service().equals("checkout-api") && s.name().startsWith("CommandBus"))
                .anyMatch(s -> sessionId.equals(s.attribute("acp.session_id")));

        // Stripe: client spans with the operation and outcome, never a key, a token or a body
        List<ReceivedSpan> stripe = trace.stream().filter(s -> s.name().startsWith("stripe ")).toList();
        assertThat(stripe).isNotEmpty().allSatisfy(s -> {
            assertThat(s.service()).isEqualTo("payment-service");
            assertThat(s.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(s.attribute("stripe.outcome")).isEqualTo("ok");
        });
        assertThat(trace).allSatisfy(s -> assertThat(s.attributes().toString())
                .doesNotContain(LocalStack.STRIPE_KEY, "spt_test_", LocalStack.DEFAULT_AGENT_TOKEN,
                        LocalStack.DEFAULT_WEBHOOK_SECRET, "jane@example.com"));

        // the signed webhook POST, and the agent received the trace with it
        ReceivedSpan webhook = only(trace, s -> s.name().equals("webhook order_create"));
        assertThat(webhook.service()).isEqualTo("order-service");
        assertThat(webhook.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(webhook.attribute("http.response.status_code")).isEqualTo("200");
        var delivery = stack.receiver().deliveries().stream().filter(d -> d.orderId().equals(orderId)
                && d.type().equals("order_create")).findFirst().orElseThrow();
        assertThat(delivery.traceParent()).isEqualTo("00-" + traceId + "-" + webhook.spanId() + "-01");

        System.out.printf("[tracing] one checkout: %d spans in trace %s; by service %s%n", trace.size(), traceId,
                trace.stream().collect(Collectors.groupingBy(ReceivedSpan::service, Collectors.counting())));
    }

    @Test
    void aCheckoutWithoutTraceparentStillGetsOneTraceFromItsCompleteToItsWebhook() {
        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        String sessionId = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        var completed = agent.post("/checkout_sessions/" + sessionId + "/complete", completeBody("spt_test_success"));
        String orderId = completed.body().at("/order/id").asText();
        java.util.function.Predicate<ReceivedSpan> isWebhook =
                s -> s.name().startsWith("webhook ") && orderId.equals(s.attribute("acp.order_id"));
        java.util.function.Predicate<ReceivedSpan> isComplete = s -> s.kind().equals("SPAN_KIND_SERVER")
                && sessionId.equals(s.attribute("acp.session_id")) && s.name().endsWith("/complete");
        // the webhook may be sent before the complete is answered: wait for both spans
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.spans().stream().anyMatch(isWebhook)
                && collector.spans().stream().anyMatch(isComplete));
        ReceivedSpan webhook = collector.spans().stream().filter(isWebhook).findFirst().orElseThrow();
        ReceivedSpan complete = collector.spans().stream().filter(isComplete).findFirst().orElseThrow();
        assertThat(complete.parentSpanId()).as("the gateway started the trace").isEmpty();
        assertThat(webhook.traceId()).isEqualTo(complete.traceId());
    }

    @Test
    void metricsCarryNoExemplars_whichPrometheusRefusesOnSummaries() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.gatewayUrl() + "/actuator/prometheus"))
                        .header("Accept", "application/openmetrics-text;version=1.0.0").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("http_server_requests_seconds").doesNotContain("trace_id=");
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> matching = spans.stream().filter(which).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static Set<String> services(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which) {
        return spans.stream().filter(which).map(ReceivedSpan::service).collect(Collectors.toSet());
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
