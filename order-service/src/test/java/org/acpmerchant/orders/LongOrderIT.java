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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.junit.jupiter.api.Test;

/**
 * One order lives far past 50 events on real PostgreSQL (Axon's JDBC event store) and Kafka: a partial shipment with
 * twelve carrier scans, two line cancellations, a return and 25 small refunds through the ops API, every refund
 * settled by payment (three of them failed), then a refund of exactly what remains. The Order aggregate has no cache
 * and no snapshots, so every command after the 50th event is handled by an aggregate replayed from all its stored
 * events: the refusals name the remaining refundable amount the replayed aggregate computed, and the merchant API's
 * view must add up to the same money, in integer minor units.
 */
class LongOrderIT extends OrderServiceIntegrationTest {

    static final String TOKEN = MERCHANT_TOKEN;
    static final long CAPTURED = 4860;
    static final Set<Integer> FAILING_REFUNDS = Set.of(5, 12, 20);

    @Test
    void ninetyEventsOnOneOrder_refundsAddUp_andWhatRemainsIsStillEnforced() throws Exception {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
        publish(Topics.ORDER_REQUESTS, new OrderRequested(orderId, "cs_" + orderId, "pay_" + orderId,
                "res_" + orderId, "usd",
                List.of(new OrderLine("li_1", "item_mug", "Mug", 4, 1000, 4000, 320, 4320),
                        new OrderLine("li_2", "item_sticker", "Sticker", 10, 50, 500, 40, 540)),
                Map.of("subtotal", 4500L, "tax", 360L, "total", CAPTURED), "buyer@example.com",
                new OrderAddress("Jane Doe", "1 Main St", null, "Springfield", "IL", "US", "62701"), "shipping",
                "Standard", Instant.now()));
        awaitView(orderId, v -> "created".equals(v.path("status").asText()));
        publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, CAPTURED, "usd",
                Instant.now()));
        awaitView(orderId, v -> "confirmed".equals(v.path("status").asText()));

        // two mugs in a box, shipped
        HttpResponse<String> box = merchant(orderId, "/fulfillments",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":2}]}", "box-1");
        assertThat(box.statusCode()).as(box.body()).isEqualTo(202);
        String boxId = json(box).path("id").asText();
        assertThat(merchant(orderId, "/fulfillments/" + boxId + "/ship",
                "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z42\"}", null).statusCode()).isEqualTo(202);

        // 25 refunds of small amounts interleaved with 12 carrier scans (each scan is two events: the update and its key)
        Map<String, Long> refunds = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            long amount = 7L * i + 3;
            HttpResponse<String> refund = refund(orderId, "small-" + i, "{\"amount\":" + amount + "}");
            assertThat(refund.statusCode()).as("refund %d: %s", i, refund.body()).isEqualTo(202);
            assertThat(json(refund).path("amount").asLong()).isEqualTo(amount);
            refunds.put(json(refund).path("id").asText(), amount);
            if (FAILING_REFUNDS.contains(i)) {
                failing.add(json(refund).path("id").asText());
            }
            if (i <= 12) {
                String type = i % 2 == 1 ? "in_transit" : "failed_attempt";
                HttpResponse<String> scan = merchant(orderId, "/fulfillments/" + boxId + "/events",
                        "{\"type\":\"" + type + "\",\"location\":\"Hub " + i + "\"}", "scan-" + i);
                assertThat(scan.statusCode()).as("scan %d: %s", i, scan.body()).isEqualTo(202);
            }
        }
        int beforeRepeat = eventCount(orderId);
        assertThat(merchant(orderId, "/fulfillments/" + boxId + "/events", "{\"type\":\"in_transit\"}", "scan-3")
                .statusCode()).isEqualTo(202);
        assertThat(eventCount(orderId)).as("a repeated scan key adds nothing").isEqualTo(beforeRepeat);
        assertThat(merchant(orderId, "/fulfillments/" + boxId + "/deliver", null, null).statusCode()).isEqualTo(202);

        // two stickers canceled (54 each: 540 over 10 units), one delivered mug returned (1080: 4320 over 4 units)
        for (int i = 1; i <= 2; i++) {
            HttpResponse<String> canceled = merchant(orderId, "/line_item_cancellations",
                    "{\"line_items\":[{\"id\":\"li_2\",\"quantity\":1}]}", "cancel-" + i);
            assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(202);
            assertThat(json(canceled).path("amount").asLong()).isEqualTo(54);
            refunds.put(json(canceled).path("id").asText(), 54L);
        }
        HttpResponse<String> returned = merchant(orderId, "/returns",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}", "return-1");
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(202);
        assertThat(json(returned).path("amount").asLong()).isEqualTo(1080);
        refunds.put(json(returned).path("id").asText(), 1080L);

        // payment settles every refund: three fail, the rest complete
        for (Map.Entry<String, Long> refund : refunds.entrySet()) {
            if (failing.contains(refund.getKey())) {
                publish(Topics.PAYMENT_EVENTS, new PaymentRefundFailed(refund.getKey(), "pay_" + orderId, orderId,
                        "cs_" + orderId, "card_closed", Instant.now()));
            } else {
                publish(Topics.PAYMENT_EVENTS, new PaymentRefunded(refund.getKey(), "pay_" + orderId, orderId,
                        "cs_" + orderId, refund.getValue(), "usd", "re_" + refund.getKey(), Instant.now()));
            }
        }
        long completed = refunds.entrySet().stream().filter(e -> !failing.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long remaining = CAPTURED - completed;
        assertThat(completed).isEqualTo(2350 - (38 + 87 + 143) + 2 * 54 + 1080);
        JsonNode settled = awaitView(orderId, v -> adjustmentStatuses(v).values().stream().noneMatch("pending"::equals)
                && adjustmentStatuses(v).size() == refunds.size());

        int events = eventCount(orderId);
        assertThat(events).as("events on order %s", orderId).isGreaterThanOrEqualTo(60);
        assertThat(jdbc.queryForObject("select max(sequence_number) from domain_event_entry where aggregate_identifier = ?",
                Long.class, orderId)).isEqualTo(events - 1L);
        assertThat(eventCount(orderId, "RefundRequested")).isEqualTo(refunds.size());
        assertThat(eventCount(orderId, "RefundCompleted")).isEqualTo(refunds.size() - failing.size());
        assertThat(eventCount(orderId, "RefundFailed")).isEqualTo(failing.size());
        assertThat(eventCount(orderId, "CarrierEventKeyed")).isEqualTo(12);

        // the merchant API's view adds up
        assertThat(amountRefunded(settled)).isEqualTo(completed);
        assertThat(settled.path("adjustments")).hasSize(refunds.size());
        for (JsonNode adjustment : settled.path("adjustments")) {
            String id = adjustment.path("id").asText();
            assertThat(adjustment.path("amount").isIntegralNumber()).as(adjustment.toString()).isTrue();
            assertThat(adjustment.path("amount").asLong()).as(id).isEqualTo(refunds.get(id));
            assertThat(adjustment.path("status").asText()).as(id)
                    .isEqualTo(failing.contains(id) ? "failed" : "completed");
        }
        assertThat(settled.path("adjustments").findValuesAsText("type"))
                .containsOnly("refund", "cancellation", "return");
        assertThat(settled.at("/line_items/0/quantity").toString())
                .isEqualTo("{\"ordered\":4,\"current\":3,\"fulfilled\":1}");
        assertThat(settled.at("/line_items/1/quantity").toString())
                .isEqualTo("{\"ordered\":10,\"current\":8,\"fulfilled\":0}");
        JsonNode shipped = fulfillment(settled, boxId);
        assertThat(shipped.path("status").asText()).isEqualTo("delivered");
        assertThat(shipped.path("events").findValuesAsText("type")).hasSize(15).startsWith("processing", "shipped")
                .endsWith("delivered");

        // the replayed aggregate still knows what remains: one unit more is refused, changing nothing
        HttpResponse<String> over = refund(orderId, "over", "{\"amount\":" + (remaining + 1) + "}");
        assertThat(over.statusCode()).as(over.body()).isEqualTo(422);
        assertThat(json(over).path("code").asText()).isEqualTo("refund_exceeds_remaining");
        assertThat(json(over).path("message").asText())
                .contains("exceeds the " + remaining + " usd that remain refundable");
        HttpResponse<String> tooManyMugs = refund(orderId, "over-lines", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":4}]}");
        assertThat(tooManyMugs.statusCode()).as(tooManyMugs.body()).isEqualTo(422);
        assertThat(json(tooManyMugs).path("message").asText()).contains("li_1 has 3 unit(s) left to refund");
        assertThat(eventCount(orderId)).isEqualTo(events);

        // exactly what remains is accepted, settles, and leaves nothing
        HttpResponse<String> rest = refund(orderId, "rest", "{\"amount\":" + remaining + "}");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(202);
        String restId = json(rest).path("id").asText();
        assertThat(json(refund(orderId, "rest", "{\"amount\":" + remaining + "}")).path("id").asText()).isEqualTo(restId);
        publish(Topics.PAYMENT_EVENTS, new PaymentRefunded(restId, "pay_" + orderId, orderId, "cs_" + orderId,
                remaining, "usd", "re_rest", Instant.now()));
        JsonNode done = awaitView(orderId, v -> "completed".equals(adjustmentStatuses(v).get(restId)));
        assertThat(amountRefunded(done)).isEqualTo(CAPTURED);
        long sumOfCompleted = 0;
        for (JsonNode adjustment : done.path("adjustments")) {
            if ("completed".equals(adjustment.path("status").asText())) {
                sumOfCompleted += adjustment.path("amount").asLong();
            }
        }
        assertThat(sumOfCompleted).isEqualTo(CAPTURED);
        HttpResponse<String> nothingLeft = refund(orderId, "one-more", "{\"amount\":1}");
        assertThat(nothingLeft.statusCode()).as(nothingLeft.body()).isEqualTo(422);
        assertThat(json(nothingLeft).path("message").asText()).contains("exceeds the 0 usd");
        assertThat(eventCount(orderId)).isEqualTo(events + 2);
        assertThat(eventCount(orderId)).isGreaterThan(60);
    }

    private JsonNode awaitView(String orderId, Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> view(orderId), v -> v != null && condition.test(v));
    }

    private JsonNode view(String orderId) throws Exception {
        HttpResponse<String> response = call("GET", "/merchant/orders/" + orderId, null, TOKEN, null);
        return response.statusCode() == 200 ? json(response) : null;
    }

    private static Map<String, String> adjustmentStatuses(JsonNode order) {
        Map<String, String> statuses = new LinkedHashMap<>();
        order.path("adjustments").forEach(a -> statuses.put(a.path("id").asText(), a.path("status").asText()));
        return statuses;
    }

    private static JsonNode fulfillment(JsonNode order, String id) {
        for (JsonNode f : order.path("fulfillments")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no fulfillment " + id + " in " + order);
    }

    private static long amountRefunded(JsonNode order) {
        for (JsonNode total : order.path("totals")) {
            if (total.path("type").asText().equals("amount_refunded")) {
                assertThat(total.path("amount").isIntegralNumber()).as(total.toString()).isTrue();
                return total.path("amount").asLong();
            }
        }
        return -1;
    }

    private int eventCount(String orderId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, orderId);
    }

    private int eventCount(String orderId, String type) {
        return jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Integer.class, orderId, "%." + type);
    }

    private HttpResponse<String> refund(String orderId, String key, String body) throws Exception {
        return call("POST", "/ops/orders/" + orderId + "/refunds", body, OPS_TOKEN, key);
    }

    private HttpResponse<String> merchant(String orderId, String path, String body, String key) throws Exception {
        return call("POST", "/merchant/orders/" + orderId + path, body, TOKEN, key);
    }

    private HttpResponse<String> call(String method, String path, String body, String token, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return AcpOrderDocument.JSON.readTree(response.body());
    }

    private void publish(String topic, IntegrationEvent event) throws Exception {
        TestMessages.publish(kafka, codec, topic, event);
    }
}
