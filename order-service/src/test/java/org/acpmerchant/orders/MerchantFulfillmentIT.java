package org.acpmerchant.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.checkout.OrderRequested.PickupLocation;
import org.acpmerchant.events.order.OrderCanceled;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.orders.order.query.AcpOrderSchema;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merchant fulfillment API on real PostgreSQL and Kafka (ADR 0018): partial shipments, pickup, digital delivery,
 * line cancellations and returns refunded through payment events, manual review on a failed capture, and bad input.
 * Two agent endpoints receive every change, one on 2026-04-17 (full Order) and one on 2026-01-30 (EventDataOrder);
 * every body each receives validates against its version's official schema.
 */
class MerchantFulfillmentIT extends OrderServiceIntegrationTest {

    static final String TOKEN = MERCHANT_TOKEN;
    static final List<IntegrationMessage> published = new CopyOnWriteArrayList<>();
    static final JsonSchema orderSchema =
            AcpOrderSchema.specDir().map(dir -> AcpOrderSchema.definition(dir, "Order")).orElse(null);
    static final JsonSchema legacySchema =
            AcpOrderSchema.specDir().map(dir -> AcpOrderSchema.legacyWebhookEvent(dir, "2026-01-30")).orElse(null);
    static final OrderAddress HOME = new OrderAddress("Jane Doe", "1 Main St", null, "Springfield", "IL", "US", "62701");
    static KafkaConsumer<String, String> consumer;
    static String sharedOrder;

    @BeforeAll
    static void consumeOrderEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fulfillment-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.ORDER_EVENTS));
    }

    @AfterAll
    static void close() {
        consumer.close();
    }

    @Test
    void partialShipments_eachStepAnOrderUpdate_processingUntilEverythingShipped_thenCompleted() throws Exception {
        String orderId = confirmedOrder("shipping", null);

        HttpResponse<String> first = post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "box-1"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String box1 = json(first).path("id").asText();
        assertThat(json(first).path("line_items").toString()).isEqualTo("[{\"id\":\"li_1\",\"quantity\":1}]");
        assertThat(json(post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "box-1"))).path("id").asText()).isEqualTo(box1);
        int events = eventCount(orderId);
        HttpResponse<String> over = post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":2}]}",
                Map.of());
        assertThat(over.statusCode()).isEqualTo(422);
        assertThat(json(over).path("code").asText()).isEqualTo("quantity_exceeds_available");
        assertThat(json(over).path("message").asText()).contains("li_1 has 1 unit(s)");
        assertThat(eventCount(orderId)).isEqualTo(events);

        assertThat(post(orderId, "/fulfillments/" + box1 + "/ship",
                "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z1\",\"tracking_url\":\"https://ups.example/1Z1\"}", Map.of())
                .statusCode()).isEqualTo(202);
        JsonNode partly = awaitWebhooks(orderId, 4).get(3).order();
        assertThat(partly.path("status").asText()).isEqualTo("processing");
        assertThat(partly.at("/line_items/0/quantity/fulfilled").asInt()).isEqualTo(1);
        assertThat(partly.at("/line_items/0/status").asText()).isEqualTo("partial");

        HttpResponse<String> rest = post(orderId, "/fulfillments", "", Map.of());
        String box2 = json(rest).path("id").asText();
        assertThat(json(rest).path("line_items").toString())
                .isEqualTo("[{\"id\":\"li_1\",\"quantity\":1},{\"id\":\"li_2\",\"quantity\":1}]");
        post(orderId, "/fulfillments/" + box2 + "/ship", "{\"carrier\":\"DHL\"}", Map.of());
        JsonNode shipped = awaitWebhooks(orderId, 6).get(5).order();
        assertThat(shipped.path("status").asText()).isEqualTo("shipped");
        assertThat(shipped.path("fulfillments")).hasSize(2);

        post(orderId, "/fulfillments/" + box1 + "/deliver", null, Map.of());
        post(orderId, "/fulfillments/" + box2 + "/deliver", null, Map.of());
        List<WebhookReceiver.Received> all = awaitWebhooks(orderId, 8);
        assertThat(all).extracting(WebhookReceiver.Received::status).containsExactly("created", "confirmed",
                "processing", "processing", "processing", "shipped", "shipped", "completed");
        assertThat(all.get(7).order().at("/fulfillments/0/events").findValuesAsText("type"))
                .containsExactly("processing", "shipped", "delivered");
        awaitLegacy(orderId, 8);
        assertThat(legacyReceiver.accepted.stream().filter(r -> sessionOf(r).equals("cs_" + orderId))
                .map(WebhookReceiver.Received::status).toList())
                .containsExactly("created", "confirmed", "confirmed", "confirmed", "confirmed", "shipped", "shipped",
                        "fulfilled");
    }

    @Test
    void carrierScans_areAppendedToTheShippedFulfillment_eachAnOrderUpdate_repeatsChangeNothing() throws Exception {
        String orderId = confirmedOrder("shipping", null);
        String box = json(post(orderId, "/fulfillments", "", Map.of())).path("id").asText();
        post(orderId, "/fulfillments/" + box + "/ship", "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z9\"}", Map.of());
        awaitWebhooks(orderId, 4);

        HttpResponse<String> early = post(orderId, "/fulfillments/" + box + "/events", "{\"type\":\"delivered\"}", Map.of());
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(json(early).path("code").asText()).isEqualTo("invalid_event_type");
        HttpResponse<String> badTime = post(orderId, "/fulfillments/" + box + "/events",
                "{\"type\":\"in_transit\",\"occurred_at\":\"noon\"}", Map.of());
        assertThat(badTime.statusCode()).isEqualTo(400);
        String scan = "{\"type\":\"in_transit\",\"location\":\"Memphis, TN\",\"description\":\"Arrived at hub\","
                + "\"occurred_at\":\"2026-11-29T08:00:00Z\"}";
        assertThat(post(orderId, "/fulfillments/" + box + "/events", scan, Map.of("Idempotency-Key", "scan-1"))
                .statusCode()).isEqualTo(202);
        JsonNode inTransit = awaitWebhooks(orderId, 5).get(4).order();
        assertThat(inTransit.at("/fulfillments/0/status").asText()).isEqualTo("in_transit");
        assertThat(inTransit.at("/fulfillments/0/events/2/location").asText()).isEqualTo("Memphis, TN");
        assertThat(inTransit.at("/fulfillments/0/events/2/occurred_at").asText()).startsWith("2026-11-29T08:00:00");
        int events = eventCount(orderId);
        assertThat(post(orderId, "/fulfillments/" + box + "/events", scan, Map.of("Idempotency-Key", "scan-1"))
                .statusCode()).isEqualTo(202);
        assertThat(eventCount(orderId)).isEqualTo(events);

        post(orderId, "/fulfillments/" + box + "/events", "{\"type\":\"failed_attempt\",\"description\":\"No one home\"}",
                Map.of());
        post(orderId, "/fulfillments/" + box + "/events", "{\"type\":\"out_for_delivery\"}", Map.of());
        post(orderId, "/fulfillments/" + box + "/deliver", null, Map.of());
        List<WebhookReceiver.Received> all = awaitWebhooks(orderId, 8);
        assertThat(all.get(7).order().at("/fulfillments/0/events").findValuesAsText("type"))
                .containsExactly("processing", "shipped", "in_transit", "failed_attempt", "out_for_delivery", "delivered");
        assertThat(all.get(6).order().at("/fulfillments/0/status").asText()).isEqualTo("out_for_delivery");
        assertThat(all.get(7).status()).isEqualTo("completed");
        awaitLegacy(orderId, 8);
        HttpResponse<String> late = post(orderId, "/fulfillments/" + box + "/events", "{\"type\":\"in_transit\"}", Map.of());
        assertThat(late.statusCode()).isEqualTo(409);
    }

    @Test
    void pickupOrder_goesToThePickupLocation_readyForPickup_thenPickedUp() throws Exception {
        PickupLocation store = new PickupLocation("store_1", "Downtown store",
                new OrderAddress(null, "5 Market St", null, "Springfield", "IL", "US", "62702"), null, null);
        String orderId = confirmedOrder("pickup", store);
        JsonNode placed = awaitWebhooks(orderId, 2).get(1).order();
        assertThat(placed.at("/fulfillments/0/type").asText()).isEqualTo("pickup");
        assertThat(placed.at("/fulfillments/0/destination/name").asText()).isEqualTo("Downtown store");

        String pickup = json(post(orderId, "/fulfillments", "{}", Map.of())).path("id").asText();
        HttpResponse<String> ship = post(orderId, "/fulfillments/" + pickup + "/ship", "{}", Map.of());
        assertThat(ship.statusCode()).isEqualTo(422);
        assertThat(json(ship).path("code").asText()).isEqualTo("invalid_fulfillment_type");
        assertThat(post(orderId, "/fulfillments/" + pickup + "/ready_for_pickup", null, Map.of()).statusCode())
                .isEqualTo(202);
        JsonNode ready = awaitWebhooks(orderId, 4).get(3).order();
        assertThat(ready.at("/fulfillments/0/status").asText()).isEqualTo("ready_for_pickup");
        assertThat(ready.at("/fulfillments/0/destination/line_one").asText()).isEqualTo("5 Market St");
        assertThat(post(orderId, "/fulfillments/" + pickup + "/picked_up", null, Map.of()).statusCode()).isEqualTo(202);
        JsonNode done = awaitWebhooks(orderId, 5).get(4).order();
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/fulfillments/0/events/2/description").asText()).isEqualTo("Picked up");
        assertThat(done.at("/line_items/0/quantity/fulfilled").asInt()).isEqualTo(2);
    }

    @Test
    void digitalGoods_areDeliveredAsADigitalFulfillment_withAccessDetails() throws Exception {
        String orderId = confirmedOrder("digital", null);
        HttpResponse<String> delivered = post(orderId, "/digital_deliveries", "{\"line_items\":[{\"id\":\"li_2\","
                + "\"quantity\":1}],\"access_url\":\"https://shop.example/dl/abc\",\"license_key\":\"KEY-1\","
                + "\"expires_at\":\"2027-01-01T00:00:00Z\"}", Map.of("Idempotency-Key", "dl-1"));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
        assertThat(json(delivered).path("status").asText()).isEqualTo("delivered");
        JsonNode order = awaitWebhooks(orderId, 4).get(3).order();
        JsonNode digital = order.path("fulfillments").get(order.path("fulfillments").size() - 1);
        assertThat(digital.path("type").asText()).isEqualTo("digital");
        assertThat(digital.at("/digital_delivery/access_url").asText()).isEqualTo("https://shop.example/dl/abc");
        assertThat(digital.at("/digital_delivery/expires_at").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(order.at("/line_items/1/status").asText()).isEqualTo("fulfilled");
        int events = eventCount(orderId);
        assertThat(json(post(orderId, "/digital_deliveries", "{\"line_items\":[{\"id\":\"li_2\",\"quantity\":1}],"
                + "\"license_key\":\"KEY-1\"}", Map.of("Idempotency-Key", "dl-1"))).path("id").asText())
                .isEqualTo(json(delivered).path("id").asText());
        assertThat(eventCount(orderId)).isEqualTo(events);
    }

    @Test
    void lineCancellations_refundTheirShareThroughPayment_andTheLastOneCancelsTheOrder() throws Exception {
        String orderId = confirmedOrder("shipping", null);
        HttpResponse<String> first = post(orderId, "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"out_of_stock\"}",
                Map.of("Idempotency-Key", "c1"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String cancellationId = json(first).path("id").asText();
        assertThat(json(first).path("amount").asLong()).isEqualTo(1080);
        assertThat(json(post(orderId, "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"out_of_stock\"}",
                Map.of("Idempotency-Key", "c1"))).path("id").asText()).isEqualTo(cancellationId);
        RefundRequested refund = awaitPublished(orderId, RefundRequested.class);
        assertThat(refund.refundId()).isEqualTo(cancellationId);
        assertThat(refund.amountMinor()).isEqualTo(1080);
        assertThat(refund.lines()).containsExactly(new RefundRequested.RefundLine("li_1", 1));

        publish(Topics.PAYMENT_EVENTS, new PaymentRefunded(cancellationId, "pay_" + orderId, orderId, "cs_" + orderId,
                1080, "usd", "re_1", Instant.now()));
        JsonNode refunded = awaitWebhooks(orderId, 5).get(4).order();
        assertThat(refunded.at("/adjustments/0/type").asText()).isEqualTo("cancellation");
        assertThat(refunded.at("/adjustments/0/status").asText()).isEqualTo("completed");
        assertThat(refunded.at("/line_items/0/quantity/current").asInt()).isEqualTo(1);
        assertThat(amountRefunded(refunded)).isEqualTo(1080);

        assertThat(post(orderId, "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1},{\"id\":\"li_2\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "c2")).statusCode()).isEqualTo(202);
        OrderCanceled canceled = awaitPublished(orderId, OrderCanceled.class);
        assertThat(canceled.orderId()).isEqualTo(orderId);
        List<WebhookReceiver.Received> all = awaitWebhooks(orderId, 8);
        assertThat(all.get(7).status()).isEqualTo("canceled");
        assertThat(all.get(7).order().path("line_items").findValuesAsText("status")).containsOnly("removed");
        awaitLegacy(orderId, 8);
    }

    @Test
    void returns_refundTheirShareThroughPayment_endingInAnOrderUpdate() throws Exception {
        String orderId = confirmedOrder("shipping", null);
        HttpResponse<String> early = post(orderId, "/returns", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "r0"));
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(merchant("/merchant/orders/" + orderId + "/ship", "{\"carrier\":\"UPS\"}").statusCode()).isEqualTo(202);
        assertThat(awaitWebhooks(orderId, 3).get(2).status()).isEqualTo("shipped");
        HttpResponse<String> returned = post(orderId, "/returns",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}", Map.of("Idempotency-Key", "r1"));
        assertThat(returned.statusCode()).as(returned.body()).isEqualTo(202);
        String returnId = json(returned).path("id").asText();
        assertThat(json(returned).path("amount").asLong()).isEqualTo(1080);
        HttpResponse<String> tooMany = post(orderId, "/returns", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":2}]}",
                Map.of("Idempotency-Key", "r2"));
        assertThat(tooMany.statusCode()).isEqualTo(422);
        RefundRequested refund = awaitPublished(orderId, RefundRequested.class);
        assertThat(refund.refundId()).isEqualTo(returnId);
        publish(Topics.PAYMENT_EVENTS, new PaymentRefunded(returnId, "pay_" + orderId, orderId, "cs_" + orderId,
                1080, "usd", "re_2", Instant.now()));
        JsonNode order = awaitWebhooks(orderId, 6).get(5).order();
        assertThat(order.at("/adjustments/0/type").asText()).isEqualTo("return");
        assertThat(order.at("/adjustments/0/status").asText()).isEqualTo("completed");
        assertThat(order.at("/line_items/0/quantity").toString()).isEqualTo("{\"ordered\":2,\"current\":1,\"fulfilled\":1}");
        assertThat(amountRefunded(order)).isEqualTo(1080);
        List<WebhookReceiver.Received> legacy = awaitLegacy(orderId, 6);
        assertThat(legacy.get(5).order().path("refunds").toString())
                .isEqualTo("[{\"type\":\"original_payment\",\"amount\":1080}]");
    }

    @Test
    void captureFailure_putsTheOrderInManualReview_whereFulfillmentWaits() throws Exception {
        String orderId = newOrderId();
        publish(Topics.ORDER_REQUESTS, orderRequested(orderId, "shipping", null));
        awaitWebhooks(orderId, 1);
        publish(Topics.PAYMENT_EVENTS, new PaymentCaptureFailed("pay_" + orderId, "cs_" + orderId, orderId,
                "card_declined", Instant.now()));
        JsonNode held = awaitWebhooks(orderId, 2).get(1).order();
        assertThat(held.path("status").asText()).isEqualTo("manual_review");
        assertThat(awaitLegacy(orderId, 2).get(1).status()).isEqualTo("manual_review");
        HttpResponse<String> create = post(orderId, "/fulfillments", "{}", Map.of());
        assertThat(create.statusCode()).isEqualTo(409);
        assertThat(json(create).path("code").asText()).isEqualTo("invalid_state");
        HttpResponse<String> confirmWithoutMoney = post(orderId, "/confirm", "", Map.of());
        assertThat(confirmWithoutMoney.statusCode()).isEqualTo(409);
        assertThat(json(confirmWithoutMoney).path("code").asText()).isEqualTo("invalid_state");
        publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, 2660, "usd",
                Instant.now()));
        assertThat(awaitWebhooks(orderId, 3).get(2).status()).isEqualTo("confirmed");
        int events = eventCount(orderId);
        assertThat(post(orderId, "/confirm", "", Map.of()).statusCode()).isEqualTo(202);
        assertThat(eventCount(orderId)).isEqualTo(events);
    }

    @Test
    void replay_rebuildsTheSameOrder_fromFulfillmentCancellationAndReturnEvents_sendingNothingTwice() throws Exception {
        String orderId = confirmedOrder("shipping", null);
        String box = json(post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                Map.of())).path("id").asText();
        post(orderId, "/fulfillments/" + box + "/ship", "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z9\"}", Map.of());
        post(orderId, "/line_item_cancellations", "{\"line_items\":[{\"id\":\"li_2\",\"quantity\":1}]}",
                Map.of("Idempotency-Key", "rc1"));
        post(orderId, "/returns", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}", Map.of("Idempotency-Key", "rr1"));
        awaitWebhooks(orderId, 8);
        awaitLegacy(orderId, 8);
        String before = jdbc.queryForObject("select document::text from order_view where order_id = ?", String.class,
                orderId);
        // Other tests' orders may still be getting their first deliveries; the replay must not touch any that exist.
        Map<String, String> deliveries = deliveryStates();
        int orderDeliveries = ordersDeliveries(orderId);
        int receivedBefore = receiver.of(orderId).size() + legacyOf(orderId).size();

        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/ops/projections/order-webhooks/replay"))
                .header("Authorization", "Bearer " + OPS_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = AcpOrderDocument.JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/ops/projections/order-webhooks"))
                    .header("Authorization", "Bearer " + OPS_TOKEN).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            return !status.path("replaying").asBoolean() && status.at("/last_replay/finished_at").isTextual()
                    && status.path("behind").asLong() == 0;
        });
        String after = jdbc.queryForObject("select document::text from order_view where order_id = ?", String.class,
                orderId);
        assertThat(AcpOrderDocument.JSON.readTree(after)).isEqualTo(AcpOrderDocument.JSON.readTree(before));
        Map<String, String> afterReplay = deliveryStates();
        assertThat(afterReplay).containsAllEntriesOf(deliveries);
        assertThat(ordersDeliveries(orderId)).isEqualTo(orderDeliveries);
        assertThat(receiver.of(orderId).size() + legacyOf(orderId).size()).isEqualTo(receivedBefore);

        // The finished replay's token stays wrapped until a new event; a rebuild reads what it holds.
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(202);
        assertThat(awaitRebuild("ready").at("/differences/total").asLong()).isZero();
        assertThat(ops("DELETE", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(200);
    }

    @Test
    void rebuild_dryRun_foldsEveryOrderOfARandomFamilyOfHistories_identically_sendingNothing() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        List<String> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String orderId = confirmedOrder(random.nextBoolean() ? "shipping" : "digital", null);
            orders.add(orderId);
            for (int step = 0; step < 1 + random.nextInt(4); step++) {
                switch (random.nextInt(4)) {
                    case 0 -> {
                        String box = json(post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                                Map.of())).path("id").asText();
                        post(orderId, "/fulfillments/" + box + "/ship", "{\"carrier\":\"UPS\"}", Map.of());
                        if (random.nextBoolean()) {
                            post(orderId, "/fulfillments/" + box + "/deliver", null, Map.of());
                        }
                    }
                    case 1 -> post(orderId, "/line_item_cancellations",
                            "{\"line_items\":[{\"id\":\"li_2\",\"quantity\":1}]}", Map.of("Idempotency-Key", "c" + step));
                    case 2 -> post(orderId, "/returns", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                            Map.of("Idempotency-Key", "r" + step));
                    default -> post(orderId, "/fulfillments", "", Map.of());
                }
            }
        }
        awaitCaughtUp();
        Map<String, Integer> deliveries = new java.util.HashMap<>();
        orders.forEach(o -> deliveries.put(o, ordersDeliveries(o)));

        HttpResponse<String> started = ops("POST", "/ops/projections/order-webhooks/rebuild", "{\"dry_run\":true}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode ready = awaitRebuild("ready");
        assertThat(ready.at("/differences/total").asLong()).as("seed %d: %s", seed, ready).isZero();
        assertThat(ready.at("/differences/rows_rebuilt").asLong()).isGreaterThanOrEqualTo(orders.size());
        assertThat(ready.path("events").asLong()).isPositive();
        assertThat(ready.path("percent").asDouble()).isEqualTo(100.0);
        for (String o : orders) {
            assertThat(jdbc.queryForObject("select document::jsonb = (select document::jsonb from order_view_rebuild r"
                    + " where r.order_id = v.order_id) from order_view v where order_id = ?", Boolean.class, o))
                    .as("seed %d, order %s", seed, o).isTrue();
        }
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", null).statusCode())
                .as("a ready rebuild is replaced by a new one, not refused").isEqualTo(202);
        awaitRebuild("ready");
        assertThat(ops("DELETE", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select to_regclass('order_view_rebuild') is null", Boolean.class)).isTrue();
        orders.forEach(o -> assertThat(ordersDeliveries(o)).as(o).isEqualTo(deliveries.get(o)));
    }

    @Test
    void rebuild_findsCorruptedRows_leavesThemLiveUntilSwitched_thenTheProcessorCarriesOnOnTheNewTable()
            throws Exception {
        String damaged = confirmedOrder("shipping", null);
        String lost = confirmedOrder("shipping", null);
        awaitCaughtUp();
        jdbc.update("update order_view set status = 'canceled', document = jsonb_set(document::jsonb, '{status}',"
                + " '\"canceled\"')::json where order_id = ?", damaged);
        jdbc.update("delete from order_view where order_id = ?", lost);
        jdbc.update("insert into order_view (order_id, session_id, status, document, updated_at)"
                + " values ('ord_stray', 'cs_stray', 'created', '{}', now()) on conflict do nothing");

        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild/switch", null).statusCode()).isEqualTo(409);
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", "{\"dry_run\":\"yes\"}").statusCode())
                .isEqualTo(400);
        assertThat(ops("POST", "/ops/projections/no-such/rebuild", null).statusCode()).isEqualTo(404);
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(202);
        JsonNode ready = awaitRebuild("ready");
        assertThat(ready.at("/differences/counts/changed").asLong()).as(ready.toString()).isEqualTo(1);
        assertThat(ready.at("/differences/counts/only_in_live").asLong()).isEqualTo(1);
        assertThat(ready.at("/differences/counts/only_in_rebuild").asLong()).isEqualTo(1);
        assertThat(ready.at("/differences/samples").findValuesAsText("key")).contains(damaged, lost, "ord_stray");
        assertThat(ready.at("/differences/samples").toString()).contains("\"path\":\"/status\"");
        assertThat(jdbc.queryForObject("select status from order_view where order_id = ?", String.class, damaged))
                .as("nothing switched yet").isEqualTo("canceled");

        HttpResponse<String> switched = ops("POST", "/ops/projections/order-webhooks/rebuild/switch", null);
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(json(switched).path("phase").asText()).isEqualTo("switched");
        assertThat(jdbc.queryForObject("select status from order_view where order_id = ?", String.class, damaged))
                .isEqualTo("confirmed");
        assertThat(jdbc.queryForObject("select count(*) from order_view where order_id = ?", Integer.class, lost)).isOne();
        assertThat(jdbc.queryForObject("select count(*) from order_view where order_id = 'ord_stray'", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("select status from order_view_previous where order_id = ?", String.class,
                damaged)).isEqualTo("canceled");
        assertThat(jdbc.queryForList("select indexname from pg_indexes where schemaname = current_schema()"
                + " and tablename = 'order_view'", String.class)).containsExactlyInAnyOrder("order_view_pkey",
                "order_view_payment");

        int before = receiver.of(lost).size();
        post(lost, "/fulfillments", "", Map.of());
        assertThat(awaitWebhooks(lost, before + 1).get(before).status()).isEqualTo("processing");
        assertThat(jdbc.queryForObject("select status from order_view where order_id = ?", String.class, lost))
                .isEqualTo("processing");
    }

    @Test
    void rebuild_switchedInWhileOrdersKeepChanging_losesNoChange_andSendsEachOnce() throws Exception {
        List<String> orders = new java.util.ArrayList<>();
        Map<String, String> boxes = new java.util.HashMap<>();
        for (int i = 0; i < 4; i++) {
            String orderId = confirmedOrder("shipping", null);
            String box = json(post(orderId, "/fulfillments", "", Map.of())).path("id").asText();
            post(orderId, "/fulfillments/" + box + "/ship", "{\"carrier\":\"UPS\"}", Map.of());
            orders.add(orderId);
            boxes.put(orderId, box);
        }
        awaitCaughtUp();
        Map<String, java.util.concurrent.atomic.AtomicInteger> scans = new java.util.concurrent.ConcurrentHashMap<>();
        orders.forEach(o -> scans.put(o, new java.util.concurrent.atomic.AtomicInteger()));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger afterSwitch = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread writer = new Thread(() -> {
            for (int n = 0; !stop.get() && n < 400; n++) {
                String o = orders.get(n % orders.size());
                try {
                    String scan = "{\"type\":\"in_transit\",\"location\":\"Hub " + n + "\",\"occurred_at\":\""
                            + Instant.parse("2026-11-29T08:00:00Z").plusSeconds(n) + "\"}";
                    if (post(o, "/fulfillments/" + boxes.get(o) + "/events", scan, Map.of("Idempotency-Key", "scan-" + n))
                            .statusCode() == 202) {
                        scans.get(o).incrementAndGet();
                        afterSwitch.getAndUpdate(a -> a < 0 ? a : a + 1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "scan-writer");
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> scans.values().stream().mapToInt(a -> a.get()).sum() >= 8);
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", "{\"dry_run\":false}").statusCode())
                .isEqualTo(202);
        JsonNode switched = awaitRebuild("switched");
        afterSwitch.set(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> afterSwitch.get() >= 8 || !writer.isAlive());
        stop.set(true);
        writer.join();
        awaitCaughtUp();
        System.out.printf("[rebuild under writes] scans accepted %s, %d after the switch; switched at %s%n", scans,
                afterSwitch.get(), switched.path("position"));

        for (String o : orders) {
            int expected = 2 + scans.get(o).get(); // processing, shipped, then each scan
            JsonNode live = AcpOrderDocument.JSON.readTree(jdbc.queryForObject(
                    "select document::text from order_view where order_id = ?", String.class, o));
            assertThat(live.at("/fulfillments/0/events").size()).as("%s after %s", o, switched).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(o).size()
                    == jdbc.queryForObject("select count(*) from webhook_delivery where order_id = ? and endpoint = 'agent'",
                            Integer.class, o));
            assertThat(receiver.of(o).stream().map(WebhookReceiver.Received::requestId).distinct().count())
                    .as("each change sent once").isEqualTo(receiver.of(o).size());
            assertThat(receiver.of(o).get(receiver.of(o).size() - 1).order().at("/fulfillments/0/events").size())
                    .isEqualTo(expected);
        }
        assertThat(ops("POST", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(202);
        assertThat(awaitRebuild("ready").at("/differences/total").asLong()).isZero();
        assertThat(ops("DELETE", "/ops/projections/order-webhooks/rebuild", null).statusCode()).isEqualTo(200);
    }

    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> json(ops("GET", "/ops/projections/order-webhooks", null))
                .path("behind").asLong() == 0);
    }

    private JsonNode awaitRebuild(String phase) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            String now = json(ops("GET", "/ops/projections/order-webhooks/rebuild", null)).path("phase").asText();
            return now.equals(phase) || now.equals("failed");
        });
        JsonNode status = json(ops("GET", "/ops/projections/order-webhooks/rebuild", null));
        assertThat(status.path("phase").asText()).as(status.toString()).isEqualTo(phase);
        return status;
    }

    private HttpResponse<String> ops(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + OPS_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int ordersDeliveries(String orderId) {
        return jdbc.queryForObject("select count(*) from webhook_delivery where order_id = ?", Integer.class, orderId);
    }

    /** Every delivered delivery as id -> "order endpoint sequence status attempts" (delivered ones are final). */
    private Map<String, String> deliveryStates() {
        Map<String, String> states = new java.util.HashMap<>();
        jdbc.query("select id, order_id, endpoint, sequence, status, attempts from webhook_delivery where status = 'delivered'",
                rs -> {
                    states.put(rs.getString("id"), rs.getString("order_id") + " " + rs.getString("endpoint") + " "
                            + rs.getLong("sequence") + " " + rs.getString("status") + " " + rs.getInt("attempts"));
                });
        return states;
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("not JSON", "/fulfillments", "{\"line_items\":", Map.of(), 400, "invalid_json", "$"),
                Arguments.of("line items not an array", "/fulfillments", "{\"line_items\":{}}", Map.of(), 400,
                        "invalid_line_items", "$.line_items"),
                Arguments.of("line item without id", "/fulfillments", "{\"line_items\":[{\"quantity\":1}]}", Map.of(),
                        400, "invalid_line_items", "$.line_items[0].id"),
                Arguments.of("quantity zero", "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":0}]}",
                        Map.of(), 400, "invalid_line_items", "$.line_items[0].quantity"),
                Arguments.of("quantity fractional", "/fulfillments",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1.5}]}", Map.of(), 400, "invalid_line_items",
                        "$.line_items[0].quantity"),
                Arguments.of("quantity as text", "/fulfillments",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":\"1\"}]}", Map.of(), 400, "invalid_line_items",
                        "$.line_items[0].quantity"),
                Arguments.of("unknown type", "/fulfillments", "{\"type\":\"drone\"}", Map.of(), 400,
                        "invalid_fulfillment_type", "$.type"),
                Arguments.of("unknown line item", "/fulfillments", "{\"line_items\":[{\"id\":\"li_9\",\"quantity\":1}]}",
                        Map.of(), 422, "invalid_line_items", null),
                Arguments.of("line named twice", "/fulfillments",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1},{\"id\":\"li_1\",\"quantity\":1}]}", Map.of(),
                        422, "invalid_line_items", null),
                Arguments.of("over-fulfilment", "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":3}]}",
                        Map.of(), 422, "quantity_exceeds_available", null),
                Arguments.of("unknown fulfillment", "/fulfillments/ful_nope/ship", "{}", Map.of(), 404,
                        "unknown_fulfillment", null),
                Arguments.of("tracking url not a URL", "/fulfillments/ful_nope/ship", "{\"tracking_url\":\"ups 1Z\"}",
                        Map.of(), 400, "invalid_url", "$.tracking_url"),
                Arguments.of("carrier not text", "/fulfillments/ful_nope/ship", "{\"carrier\":5}", Map.of(), 400,
                        "invalid_request", "$.carrier"),
                Arguments.of("digital without access", "/digital_deliveries", "{}", Map.of(), 400, "invalid_request",
                        "$.access_url"),
                Arguments.of("digital bad expiry", "/digital_deliveries",
                        "{\"license_key\":\"K\",\"expires_at\":\"tomorrow\"}", Map.of(), 400, "invalid_date_time",
                        "$.expires_at"),
                Arguments.of("digital bad url", "/fulfillments/ful_nope/deliver",
                        "{\"digital_delivery\":{\"access_url\":\"ftp://x\"}}", Map.of(), 400, "invalid_url",
                        "$.digital_delivery.access_url"),
                Arguments.of("cancel without key", "/line_item_cancellations",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}", Map.of(), 400, "missing_idempotency_key",
                        null),
                Arguments.of("cancel without lines", "/line_item_cancellations", "{}", Map.of("Idempotency-Key", "x1"),
                        400, "invalid_line_items", "$.line_items"),
                Arguments.of("cancel more than ordered", "/line_item_cancellations",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":3}]}", Map.of("Idempotency-Key", "x2"), 422,
                        "quantity_exceeds_available", null),
                Arguments.of("return of unfulfilled units", "/returns",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}", Map.of("Idempotency-Key", "x3"), 422,
                        "quantity_exceeds_available", null),
                Arguments.of("return without key", "/returns", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
                        Map.of(), 400, "missing_idempotency_key", null),
                Arguments.of("reason too long", "/line_item_cancellations",
                        "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"" + "x".repeat(501) + "\"}",
                        Map.of("Idempotency-Key", "x4"), 400, "invalid_request", "$.reason"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInput_isRefused_inTheErrorShape_andChangesNothing(String name, String path, String body,
            Map<String, String> headers, int status, String code, String param) throws Exception {
        String orderId = sharedOrder();
        int events = eventCount(orderId);
        HttpResponse<String> response = post(orderId, path, body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        if (param == null) {
            assertThat(error.has("param")).isFalse();
        } else {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
        assertThat(eventCount(orderId)).isEqualTo(events);
    }

    @Test
    void merchantApi_needsItsToken_andUnknownOrdersAre404() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/merchant/orders/x/fulfillments"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = post("ord_missing", "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}", Map.of("Idempotency-Key", "k"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("code").asText()).isEqualTo("not_found");
    }

    private synchronized String sharedOrder() throws Exception {
        if (sharedOrder == null) {
            String orderId = confirmedOrder("shipping", null);
            assertThat(post(orderId, "/fulfillments", "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}", Map.of())
                    .statusCode()).isEqualTo(202);
            awaitWebhooks(orderId, 3);
            sharedOrder = orderId;
        }
        return sharedOrder;
    }

    private String confirmedOrder(String type, PickupLocation location) throws Exception {
        String orderId = newOrderId();
        publish(Topics.ORDER_REQUESTS, orderRequested(orderId, type, location));
        awaitWebhooks(orderId, 1);
        publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, 2660, "usd",
                Instant.now()));
        awaitWebhooks(orderId, 2);
        return orderId;
    }

    private static OrderRequested orderRequested(String orderId, String type, PickupLocation location) {
        return new OrderRequested(orderId, "cs_" + orderId, "pay_" + orderId, "res_" + orderId, "usd",
                List.of(new OrderLine("li_1", "item_mug", "Mug", 2, 1000, 2000, 160, 2160),
                        new OrderLine("li_2", "item_ebook", "E-book", 1, 463, 463, 37, 500)),
                Map.of("subtotal", 2463L, "tax", 197L, "total", 2660L), "buyer@example.com", HOME, type, "Standard",
                Instant.now(), location);
    }

    /** The first {@code n} webhooks of the order at the 2026-04-17 endpoint, each validated against the Order schema. */
    private List<WebhookReceiver.Received> awaitWebhooks(String orderId, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() >= n);
        List<WebhookReceiver.Received> received = receiver.of(orderId);
        for (WebhookReceiver.Received r : received) {
            if (orderSchema != null) {
                assertThat(orderSchema.validate(r.order())).as(r.order().toPrettyString()).isEmpty();
            }
        }
        return received;
    }

    /** The first {@code n} webhooks of the order at the 2026-01-30 endpoint, each validated against its schema. */
    private List<WebhookReceiver.Received> awaitLegacy(String orderId, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> legacyOf(orderId).size() >= n);
        List<WebhookReceiver.Received> received = legacyOf(orderId);
        for (WebhookReceiver.Received r : received) {
            if (legacySchema != null) {
                ObjectNode body = AcpOrderDocument.JSON.createObjectNode();
                body.put("type", r.type());
                body.set("data", r.order());
                assertThat(legacySchema.validate(body)).as(body.toPrettyString()).isEmpty();
            }
        }
        return received;
    }

    private static List<WebhookReceiver.Received> legacyOf(String orderId) {
        return legacyReceiver.accepted.stream().filter(r -> sessionOf(r).equals("cs_" + orderId)).toList();
    }

    private static String sessionOf(WebhookReceiver.Received received) {
        return received.order().path("checkout_session_id").asText();
    }

    private int eventCount(String orderId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, orderId);
    }

    private static String newOrderId() {
        return "ord_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static long amountRefunded(JsonNode order) {
        for (JsonNode total : order.path("totals")) {
            if (total.path("type").asText().equals("amount_refunded")) {
                return total.path("amount").asLong();
            }
        }
        return -1;
    }

    private HttpResponse<String> post(String orderId, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/merchant/orders/" + orderId + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> merchant(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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
