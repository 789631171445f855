package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.acpmerchant.platform.testing.FreePorts;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ops role across the running system: one ops token for every service, the audit facade in order-service
 * correlating checkout, pricing, payment and order events of one checkout (delegated token redacted), and a refund
 * issued as an ops command reaching the agent as an {@code order_update}.
 */
@ExtendWith(SharedStack.class)
class OpsAuditE2E {

    static final String OPS_TOKEN = "ops_local_token";
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalStack stack;
    static AcpClient agent;

    /** The local stack on fixed free ports, every service accepting {@link #OPS_TOKEN}, the facade knowing them all. */
    static LocalStack startWithOps(Map<String, String> extra) throws Exception {
        int gateway = FreePorts.next();
        int pricing = FreePorts.next();
        int payment = FreePorts.next();
        int orders = FreePorts.next();
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("acp.ops.token-sha256[0]", OpsTokenFilter.sha256Hex(OPS_TOKEN));
        properties.put("acp.ops.services.checkout", "http://127.0.0.1:" + gateway);
        properties.put("acp.ops.services.pricing", "http://127.0.0.1:" + pricing);
        properties.put("acp.ops.services.payment", "http://127.0.0.1:" + payment);
        properties.put("acp.ops.services.orders", "http://127.0.0.1:" + orders);
        LocalStack.Options options = new LocalStack.Options(LocalInfrastructure.postgresBaseUrl(),
                LocalInfrastructure.kafkaBootstrapServers(), gateway, pricing, payment, orders, 0, 0,
                LocalStack.DEFAULT_AGENT_TOKEN, LocalStack.DEFAULT_WEBHOOK_SECRET, properties);
        return LocalStack.start(options, "acp_e2e_" + System.nanoTime(), System.out);
    }

    /** A completed checkout of {@code item}; returns {session id, order id}. */
    static String[] checkout(AcpClient agent, String item) {
        String id = agent.post("/checkout_sessions", createBody(item, 1)).body().get("id").asText();
        AcpClient.Response completed = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(completed.body().path("status").asText()).as(completed.body().toString()).isEqualTo("completed");
        return new String[] {id, completed.body().at("/order/id").asText()};
    }

    static HttpResponse<String> ops(LocalStack stack, String service, String method, String path, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port(service) + path))
                .header("Authorization", "Bearer " + OPS_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @BeforeAll
    static void startStack() throws Exception {
        stack = SharedStack.stack();
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @Test
    void everyServiceGuardsOps_withItsOwnToken() throws Exception {
        for (String service : List.of("checkout-api", "pricing-service", "payment-service", "order-service")) {
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + stack.port(service) + "/ops/events?session_id=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).as(service).isEqualTo(401);
            assertThat(ops(stack, service, "GET", "/ops/events?session_id=x", null, Map.of()).statusCode()).as(service)
                    .isEqualTo(200);
        }
        assertThat(agent.get("/ops/events?session_id=x").status()).isEqualTo(401);
    }

    @Test
    void audit_correlatesOneCheckoutAcrossServices_redactsTheToken_andExports() throws Exception {
        String[] ids = checkout(agent, "tee-red-m");
        String sessionId = ids[0];
        String orderId = ids[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .filter(d -> d.orderId().equals(orderId)).count() >= 2);

        HttpResponse<String> response = ops(stack, "order-service", "GET", "/ops/audit?order_id=" + orderId, null, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode audit = JSON.readTree(response.body());
        System.out.println("[ops audit] sources " + audit.path("sources"));
        for (JsonNode entry : audit.path("timeline")) {
            System.out.printf("[ops audit] %s %-9s %-40s actor=%s request=%s causation=%s%n",
                    entry.path("timestamp").asText(), entry.path("service").asText(), entry.path("type").asText(),
                    entry.path("actor").asText(), entry.path("request_id").asText(), entry.path("causation_id").asText());
        }
        assertThat(audit.path("session_id").asText()).isEqualTo(sessionId);
        audit.path("sources").forEach(s -> assertThat(s.asText()).startsWith("ok"));
        assertThat(audit.path("timeline").findValuesAsText("service"))
                .contains("checkout", "pricing", "payment", "orders");
        assertThat(audit.path("timeline").findValuesAsText("type"))
                .contains("order.OrderCreated", "payment.PaymentAuthorized", "payment.PaymentCaptured");
        assertThat(audit.path("timeline").findValuesAsText("actor")).contains("agent:local-agent");
        assertThat(response.body()).doesNotContain("spt_test_success");
        String csv = ops(stack, "order-service", "GET", "/ops/audit?session_id=" + sessionId + "&format=csv", null, Map.of()).body();
        String jsonl = ops(stack, "order-service", "GET", "/ops/audit?session_id=" + sessionId + "&format=jsonl", null, Map.of()).body();
        assertThat(csv.split("\r\n")).hasSize(audit.path("timeline").size() + 1);
        assertThat(jsonl.split("\n")).hasSize(audit.path("timeline").size());
        assertThat(csv + jsonl).doesNotContain("spt_test_success");
    }

    @Test
    void refund_asOpsCommand_isPublished_andReachesTheAgent() throws Exception {
        String[] ids = checkout(agent, "daypack-black");
        String orderId = ids[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .filter(d -> d.orderId().equals(orderId) && d.status().equals("confirmed")).count() >= 1);

        HttpResponse<String> tooMuch = ops(stack, "order-service", "POST", "/ops/orders/" + orderId + "/refunds",
                "{\"amount\":99999999}", Map.of("Idempotency-Key", "too-much"));
        assertThat(tooMuch.statusCode()).as(tooMuch.body()).isEqualTo(422);
        HttpResponse<String> refund = ops(stack, "order-service", "POST", "/ops/orders/" + orderId + "/refunds",
                "{\"amount\":100,\"reason\":\"late_delivery\"}", Map.of("Idempotency-Key", "r1", "Request-Id", "req_ops_1"));
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(202);
        String refundId = JSON.readTree(refund.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId) && d.body().at("/data/adjustments/0/id").asText().equals(refundId)));
        // payment-service refunds at the Stripe stand-in; the agent then hears the adjustment completed
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId)
                        && d.body().at("/data/adjustments/0/id").asText().equals(refundId)
                        && d.body().at("/data/adjustments/0/status").asText().equals("completed")));
        JsonNode audit = JSON.readTree(ops(stack, "order-service", "GET", "/ops/audit?order_id=" + orderId, null, Map.of()).body());
        JsonNode requested = null;
        for (JsonNode entry : audit.path("timeline")) {
            if (entry.path("type").asText().equals("order.RefundRequested")) {
                requested = entry;
            }
        }
        assertThat(requested).isNotNull();
        assertThat(requested.path("actor").asText()).startsWith("ops:");
        assertThat(requested.path("request_id").asText()).isEqualTo("req_ops_1");
    }
}
