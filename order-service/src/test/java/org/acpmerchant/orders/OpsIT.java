package org.acpmerchant.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCanceled;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ops API on real PostgreSQL and Kafka: its own credentials, refunds, cancel, disputes, events, audit, replay. */
class OpsIT extends OrderServiceIntegrationTest {

    static final List<IntegrationMessage> published = new CopyOnWriteArrayList<>();
    static KafkaConsumer<String, String> consumer;

    @BeforeAll
    static void consumeOrderEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ops-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.ORDER_EVENTS));
    }

    @AfterAll
    static void close() {
        consumer.close();
    }

    @Test
    void opsApi_acceptsOnlyOpsTokens() throws Exception {
        assertThat(call("GET", "/ops/events?aggregate_id=x", null, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/ops/events?aggregate_id=x", null, MERCHANT_TOKEN, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/ops/events?aggregate_id=x", null, OPS_TOKEN, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ops/events?aggregate_id=x", null, ROTATED_OPS_TOKEN, Map.of()).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/merchant/orders/x", null, OPS_TOKEN, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void anUnreadableRefundBody_isA400InTheErrorShape_andChangesNothing() throws Exception {
        for (String body : List.of("not json", "{\"amount\": \"lots\"}", "[1, 2]", "{\"line_items\": 5}")) {
            HttpResponse<String> response = refund("ord_missing", "k-" + body.hashCode(), body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            JsonNode error = json(response);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request");
            assertThat(error.path("code").asText()).isEqualTo("invalid_json");
            assertThat(error.path("param").asText()).isEqualTo("$");
        }
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier ="
                + " 'ord_missing'", Integer.class)).isZero();
    }

    @Test
    void refunds_areIdempotent_refusedBeyondRemaining_andSettledByPayment_eachAnOrderUpdate() throws Exception {
        String orderId = confirmedOrder();

        HttpResponse<String> tooMuch = refund(orderId, "k0", "{\"amount\":2161}");
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        assertThat(json(tooMuch).path("code").asText()).isEqualTo("refund_exceeds_remaining");
        assertThat(refund(orderId, null, "{\"amount\":100}").statusCode()).isEqualTo(400);

        HttpResponse<String> first = refund(orderId, "k1", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String refundId = json(first).path("id").asText();
        assertThat(json(first).path("amount").asLong()).isEqualTo(1080);
        HttpResponse<String> again = refund(orderId, "k1", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}");
        assertThat(json(again).path("id").asText()).isEqualTo(refundId);
        assertThat(refund(orderId, "k1", "{\"amount\":5}").statusCode()).isEqualTo(409);
        assertThat(refund(orderId, "k2", "{\"amount\":1081}").statusCode()).isEqualTo(422);
        assertThat(refund(orderId, "k3", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":2}]}").statusCode()).isEqualTo(422);
        assertThat(eventCount(orderId, RefundRequested.class)).isEqualTo(1);
        RefundRequested requested = awaitPublished(orderId, RefundRequested.class);
        assertThat(requested.refundId()).isEqualTo(refundId);
        assertThat(requested.lines()).containsExactly(new RefundRequested.RefundLine("li_1", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 3);
        assertThat(receiver.of(orderId).get(2).order().at("/adjustments/0/status").asText()).isEqualTo("pending");

        publish(Topics.PAYMENT_EVENTS, new PaymentRefunded(refundId, "pay_" + orderId, orderId, "cs_" + orderId, 1080,
                "usd", "re_1", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 4);
        JsonNode completed = receiver.of(orderId).get(3).order();
        assertThat(completed.at("/adjustments/0/status").asText()).isEqualTo("completed");
        assertThat(amountRefunded(completed)).isEqualTo(1080);

        String second = json(refund(orderId, "k4", "{\"amount\":1080}")).path("id").asText();
        publish(Topics.PAYMENT_EVENTS, new PaymentRefundFailed(second, "pay_" + orderId, orderId, "cs_" + orderId,
                "card_closed", Instant.now()));
        publish(Topics.PAYMENT_EVENTS, new PaymentDisputed("pay_" + orderId, "cs_" + orderId, orderId, "dp_1", 2160,
                "usd", "fraudulent", "needs_response", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 7);
        JsonNode last = receiver.of(orderId).get(6).order();
        assertThat(last.path("adjustments").findValuesAsText("status")).containsExactly("completed", "failed", "pending");
        assertThat(last.at("/adjustments/2/type").asText()).isEqualTo("dispute");
        assertThat(amountRefunded(last)).isEqualTo(1080);
        assertThat(receiver.of(orderId)).extracting(WebhookReceiver.Received::type)
                .containsExactly("order_create", "order_update", "order_update", "order_update", "order_update",
                        "order_update", "order_update");
        assertThat(json(refund(orderId, "k5", "{\"amount\":1080}")).path("status").asText()).isEqualTo("pending");

        JsonNode events = json(call("GET", "/ops/events?aggregate_id=" + orderId, null, OPS_TOKEN, Map.of()));
        JsonNode refundEvent = null;
        for (JsonNode event : events.path("events")) {
            if (event.path("type").asText().equals("order.RefundRequested")) {
                refundEvent = refundEvent == null ? event : refundEvent;
            }
        }
        assertThat(refundEvent).isNotNull();
        assertThat(refundEvent.at("/metadata/actor").asText())
                .isEqualTo("ops:" + OpsTokenFilter.sha256Hex(OPS_TOKEN).substring(0, 12));
        assertThat(refundEvent.at("/metadata/requestId").asText()).isEqualTo("req-k1");
        assertThat(refundEvent.at("/metadata/sessionId").asText()).isEqualTo("cs_" + orderId);
        assertThat(refundEvent.at("/metadata/causationId").asText()).isNotBlank();
        assertThat(refundEvent.at("/payload/amountMinor").asLong()).isEqualTo(1080);

        JsonNode audit = json(call("GET", "/ops/audit?order_id=" + orderId, null, OPS_TOKEN, Map.of()));
        assertThat(audit.path("session_id").asText()).isEqualTo("cs_" + orderId);
        assertThat(audit.at("/sources/orders").asText()).startsWith("ok");
        assertThat(audit.path("timeline").findValuesAsText("type")).contains("order.OrderCreated", "order.RefundRequested");
        String csv = call("GET", "/ops/audit?session_id=cs_" + orderId + "&format=csv", null, OPS_TOKEN, Map.of()).body();
        assertThat(csv).startsWith("timestamp,service,type,aggregate_id,sequence,actor,request_id,correlation_id");
        assertThat(csv.split("\r\n")).hasSize(audit.path("timeline").size() + 1);
        String jsonl = call("GET", "/ops/audit?session_id=cs_" + orderId + "&format=jsonl", null, OPS_TOKEN, Map.of()).body();
        assertThat(jsonl.split("\n")).hasSize(audit.path("timeline").size());
    }

    @Test
    void merchantCancel_publishesOrderCanceled_forPaymentAndPricing() throws Exception {
        String orderId = confirmedOrder();
        assertThat(call("POST", "/merchant/orders/" + orderId + "/cancel", "{\"reason\":\"out_of_stock\"}",
                MERCHANT_TOKEN, Map.of("Request-Id", "req-cancel")).statusCode()).isEqualTo(202);
        OrderCanceled canceled = awaitPublished(orderId, OrderCanceled.class);
        assertThat(canceled).isEqualTo(new OrderCanceled(orderId, "cs_" + orderId, "pay_" + orderId, "res_" + orderId,
                "out_of_stock", canceled.canceledAt()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 3);
        assertThat(receiver.of(orderId).get(2).status()).isEqualTo("canceled");
        assertThat(refund(orderId, "after-cancel", "{\"amount\":1}").statusCode()).isEqualTo(409);
    }

    @Test
    void replay_rebuildsAnEqualReadModel_andSendsNothingTwice() throws Exception {
        String orderId = confirmedOrder();
        refund(orderId, "replay-1", "{\"amount\":300}");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from webhook_delivery where status <> 'delivered'", Integer.class) == 0);
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> json(call("GET", "/ops/projections/order-webhooks", null,
                OPS_TOKEN, Map.of())).path("position").asLong() >= head);
        Map<String, JsonNode> before = readModel();
        int deliveries = deliveriesUpTo(head);

        HttpResponse<String> started = call("POST", "/ops/projections/order-webhooks/replay", null, OPS_TOKEN, Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(call("POST", "/ops/projections/kafka-outbox/replay", null, OPS_TOKEN, Map.of()).statusCode())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = json(call("GET", "/ops/projections/order-webhooks", null, OPS_TOKEN, Map.of()));
            return !status.path("replaying").asBoolean() && status.at("/last_replay/finished_at").isTextual();
        });
        JsonNode status = json(call("GET", "/ops/projections/order-webhooks", null, OPS_TOKEN, Map.of()));
        System.out.println("[measure] replay of order-webhooks: " + status);
        assertThat(status.path("behind").asLong()).isZero();

        Map<String, JsonNode> after = readModel();
        after.keySet().retainAll(before.keySet());
        // orders of other tests that changed after the head may differ; every order settled by then must not
        List<String> changedSince = jdbc.queryForList(
                "select distinct aggregate_identifier from domain_event_entry where global_index > ?", String.class, head);
        assertThat(changedSince).doesNotContain(orderId);
        after.keySet().removeAll(changedSince);
        before.keySet().removeAll(changedSince);
        assertThat(after).containsKey(orderId).isEqualTo(before);
        // the replay is over, so whatever it enqueued is there; a dispatch pass sends anything due before the check
        assertThat(deliveriesUpTo(head)).isEqualTo(deliveries);
        drainDispatcher();
        assertThat(receiver.accepted.stream().map(WebhookReceiver.Received::requestId).distinct().count())
                .isEqualTo(receiver.accepted.size());
    }

    private int deliveriesUpTo(long head) {
        return jdbc.queryForObject("""
                select count(*) from webhook_delivery d join domain_event_entry e on e.event_identifier = d.event_id
                where e.global_index <= ?""", Integer.class, head);
    }

    private Map<String, JsonNode> readModel() throws Exception {
        Map<String, JsonNode> model = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select order_id, document::text as doc from order_view")) {
            model.put((String) row.get("order_id"), AcpOrderDocument.JSON.readTree((String) row.get("doc")));
        }
        return model;
    }

    private String confirmedOrder() throws Exception {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
        publish(Topics.ORDER_REQUESTS, new OrderRequested(orderId, "cs_" + orderId, "pay_" + orderId, "res_" + orderId,
                "usd", List.of(new OrderLine("li_1", "item_mug", "Mug", 2, 1000, 2000, 160, 2160)),
                Map.of("subtotal", 2000L, "tax", 160L, "total", 2160L), "buyer@example.com",
                new OrderAddress("Jane Doe", "1 Main St", null, "Springfield", "IL", "US", "62701"), "shipping",
                "Standard", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 1);
        publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, 2160, "usd",
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 2);
        return orderId;
    }

    private static long amountRefunded(JsonNode order) {
        for (JsonNode total : order.path("totals")) {
            if (total.path("type").asText().equals("amount_refunded")) {
                return total.path("amount").asLong();
            }
        }
        return -1;
    }

    private int eventCount(String orderId, Class<?> type) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type = ?",
                Integer.class, orderId, type.getName());
    }

    private HttpResponse<String> refund(String orderId, String key, String body) throws Exception {
        return call("POST", "/ops/orders/" + orderId + "/refunds", body, OPS_TOKEN,
                key == null ? Map.of() : Map.of("Idempotency-Key", key, "Request-Id", "req-" + key));
    }

    private HttpResponse<String> call(String method, String path, String body, String token, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return AcpOrderDocument.JSON.readTree(response.body());
    }

    private void publish(String topic, IntegrationEvent event) throws Exception {
        TestMessages.publish(kafka, codec, topic, event);
    }

    private <T> T awaitPublished(String orderId, Class<T> type) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> codec.decode(r.value()).ifPresent(published::add));
            return published.stream().anyMatch(m -> type.isInstance(m.event()) && m.event().sessionId().equals("cs_" + orderId));
        });
        return published.stream().map(IntegrationMessage::event).filter(type::isInstance)
                .filter(e -> e.sessionId().equals("cs_" + orderId)).map(type::cast).findFirst().orElseThrow();
    }
}
