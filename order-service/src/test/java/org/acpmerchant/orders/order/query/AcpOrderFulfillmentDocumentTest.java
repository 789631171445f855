package org.acpmerchant.orders.order.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested.PickupLocation;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.orders.webhook.WebhookPayloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACP Order document through several fulfillments, pickup, digital delivery, line cancellations, returns and
 * manual review: after every event, the webhook body of every version the projection emits validates against that
 * version's official schema (2026-04-17 {@code $defs/Order}; older versions' {@code WebhookEvent}).
 */
class AcpOrderFulfillmentDocumentTest {

    static final Instant T0 = Instant.parse("2026-04-20T10:00:00Z");
    static final OrderAddress HOME = new OrderAddress("Jane", "1 Main St", null, "Springfield", "IL", "US", "62701");
    static final PickupLocation STORE = new PickupLocation("store_1", "Downtown store",
            new OrderAddress(null, "5 Market St", null, "Springfield", "IL", "US", "62702"), "+15555550100", null);
    static final List<OrderLine> LINES = List.of(
            new OrderLine("li_1", "mug", "Mug", 3, 300, 900, 100, 1000),
            new OrderLine("li_2", null, "Spoon", 1, 450, 450, 50, 500));

    static Path specDir;
    static JsonSchema orderSchema;
    static final Map<String, JsonSchema> legacy = new LinkedHashMap<>();

    @BeforeAll
    static void schemas() {
        specDir = AcpOrderSchema.specDir().orElse(null);
        if (specDir != null) {
            orderSchema = AcpOrderSchema.definition(specDir, "Order");
            AcpOrderSchema.LEGACY_VERSIONS.forEach(v -> legacy.put(v, AcpOrderSchema.legacyWebhookEvent(specDir, v)));
        }
    }

    /** Every version's webhook body for this order validates: the full Order from 2026-04-17, EventDataOrder before. */
    static void assertEveryVersionValid(ObjectNode order) {
        assumeTrue(specDir != null, AcpOrderSchema.missingMessage());
        try {
            JsonNode rich = AcpOrderDocument.JSON.readTree(WebhookPayloads.body("order_update", order, "2026-04-17"));
            assertThat(AcpOrderSchema.validate(orderSchema, rich.path("data"))).as(order.toPrettyString()).isEmpty();
            for (String required : List.of("type", "checkout_session_id", "permalink_url", "status")) {
                assertThat(rich.path("data").hasNonNull(required)).as(required).isTrue();
            }
            for (Map.Entry<String, JsonSchema> version : legacy.entrySet()) {
                JsonNode body = AcpOrderDocument.JSON.readTree(
                        WebhookPayloads.body("order_update", order, version.getKey()));
                assertThat(AcpOrderSchema.validate(version.getValue(), body)).as(version.getKey() + " " + body).isEmpty();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static OrderPlaced placed(String type, PickupLocation location) {
        return new OrderPlaced("ord_1", "cs_1", "ORD-1", "https://shop.example/orders/ord_1", "pay_1", "usd", LINES,
                Map.of("subtotal", 1350L, "tax", 150L, "total", 1500L), "buyer@example.com", HOME, "ful_ord_1", type,
                "Standard", T0, location);
    }

    static List<LineQuantity> lines(Object... idAndQuantity) {
        List<LineQuantity> lines = new java.util.ArrayList<>();
        for (int i = 0; i < idAndQuantity.length; i += 2) {
            lines.add(new LineQuantity((String) idAndQuantity[i], (Integer) idAndQuantity[i + 1]));
        }
        return lines;
    }

    static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static JsonNode fulfillment(ObjectNode order, String id) {
        for (JsonNode f : order.path("fulfillments")) {
            if (f.path("id").asText().equals(id)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void partialShipments_cancellation_andReturn_stayValid_inEveryVersion() {
        ObjectNode order = AcpOrderDocument.placed(placed("shipping", null));
        assertEveryVersionValid(order);
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 1500, "usd", at(1)));

        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_1", "shipping",
                lines("li_1", 2), HOME, "Box 1", null, "ful_ord_1_1_evt_1", "processing", at(2)));
        assertEveryVersionValid(order);
        assertThat(order.path("status").asText()).isEqualTo("processing");
        assertThat(fulfillment(order, "ful_ord_1").path("line_items").toString())
                .isEqualTo("[{\"id\":\"li_1\",\"quantity\":1},{\"id\":\"li_2\",\"quantity\":1}]");
        assertThat(fulfillment(order, "ful_ord_1_1").path("status").asText()).isEqualTo("processing");

        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1_1", "shipped",
                "ful_ord_1_1_evt_2", "shipped", "processing", Map.of("li_1", 2, "li_2", 0), "UPS", "1Z1",
                "https://ups.example/1Z1", at(3)));
        assertEveryVersionValid(order);
        assertThat(order.at("/line_items/0/status").asText()).isEqualTo("partial");
        assertThat(order.at("/line_items/1/status").asText()).isEqualTo("processing");

        AcpOrderDocument.lineItemsCanceled(order, new LineItemsCanceled("ord_1", "cnl_1", lines("li_1", 1), 334,
                "usd", "out_of_stock", Map.of("li_1", 2, "li_2", 1), "processing", at(4)));
        AcpOrderDocument.refundRequested(order, new RefundRequested("cnl_1", "ord_1", "cs_1", "pay_1", 334, "usd",
                List.of(new RefundLine("li_1", 1)), "out_of_stock", at(4)));
        assertEveryVersionValid(order);
        assertThat(order.at("/line_items/0/quantity").toString()).isEqualTo("{\"ordered\":3,\"current\":2,\"fulfilled\":2}");
        assertThat(order.at("/line_items/0/status").asText()).isEqualTo("fulfilled");
        assertThat(fulfillment(order, "ful_ord_1").path("line_items").toString())
                .isEqualTo("[{\"id\":\"li_2\",\"quantity\":1}]");
        JsonNode cancellation = order.at("/adjustments/0");
        assertThat(cancellation.path("type").asText()).isEqualTo("cancellation");
        assertThat(cancellation.path("status").asText()).isEqualTo("pending");
        assertThat(cancellation.path("amount").asLong()).isEqualTo(334);

        AcpOrderDocument.refundCompleted(order, new RefundCompleted("ord_1", "cnl_1", 334, "usd", "re_1", at(5)));
        assertEveryVersionValid(order);
        assertThat(order.path("adjustments")).hasSize(1);
        assertThat(order.at("/adjustments/0/status").asText()).isEqualTo("completed");
        assertThat(order.at("/adjustments/0/occurred_at").asText()).isEqualTo("2026-04-20T10:04:00Z");
        assertThat(amountRefunded(order)).isEqualTo(334);

        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_2", "shipping",
                lines("li_2", 1), HOME, null, null, "ful_ord_1_2_evt_1", "processing", at(6)));
        assertThat(fulfillment(order, "ful_ord_1")).as("the remainder leaves when empty").isNull();
        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1_2", "shipped",
                "ful_ord_1_2_evt_2", "shipped", "shipped", Map.of("li_1", 2, "li_2", 1), "DHL", "JD1", null, at(7)));
        assertEveryVersionValid(order);
        assertThat(order.path("status").asText()).isEqualTo("shipped");
        assertThat(order.path("fulfillments")).hasSize(2);

        AcpOrderDocument.itemsReturned(order, new ItemsReturned("ord_1", "ret_1", lines("li_2", 1), 500, "usd",
                "damaged", Map.of("li_1", 2, "li_2", 0), Map.of("li_1", 2, "li_2", 0), "shipped", at(8)));
        AcpOrderDocument.refundRequested(order, new RefundRequested("ret_1", "ord_1", "cs_1", "pay_1", 500, "usd",
                List.of(new RefundLine("li_2", 1)), "damaged", at(8)));
        AcpOrderDocument.refundFailed(order, new RefundFailed("ord_1", "ret_1", "card_closed", at(9)));
        assertEveryVersionValid(order);
        assertThat(order.at("/line_items/1/status").asText()).isEqualTo("removed");
        assertThat(order.at("/adjustments/1/type").asText()).isEqualTo("return");
        assertThat(order.at("/adjustments/1/status").asText()).isEqualTo("failed");
        assertThat(amountRefunded(order)).isEqualTo(334);
        assertThat(WebhookPayloads.body("order_update", order, "2026-01-30"))
                .contains("\"status\":\"shipped\",\"refunds\":[{\"type\":\"original_payment\",\"amount\":334}]");
    }

    @Test
    void pickup_goesToTheStore_readyThenPickedUp_andValid() {
        ObjectNode order = AcpOrderDocument.placed(placed("pickup", STORE));
        assertEveryVersionValid(order);
        assertThat(order.at("/fulfillments/0/type").asText()).isEqualTo("pickup");
        assertThat(order.at("/fulfillments/0/destination/name").asText()).isEqualTo("Downtown store");
        assertThat(order.at("/fulfillments/0/destination/line_one").asText()).isEqualTo("5 Market St");
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 1500, "usd", at(1)));
        OrderAddress store = placed("pickup", STORE).pickupAddress();
        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_1", "pickup",
                lines("li_1", 3, "li_2", 1), store, null, null, "ful_ord_1_1_evt_1", "processing", at(2)));
        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1_1",
                "ready_for_pickup", "ful_ord_1_1_evt_2", "ready_for_pickup", "processing", Map.of("li_1", 0, "li_2", 0),
                null, null, null, at(3), null, "Ready for pickup"));
        assertEveryVersionValid(order);
        assertThat(order.at("/fulfillments/0/status").asText()).isEqualTo("ready_for_pickup");
        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1_1", "delivered",
                "ful_ord_1_1_evt_3", "delivered", "completed", Map.of("li_1", 3, "li_2", 1), null, null, null, at(4),
                null, "Picked up"));
        assertEveryVersionValid(order);
        assertThat(order.path("status").asText()).isEqualTo("completed");
        assertThat(order.path("fulfillments")).hasSize(1);
        assertThat(order.at("/fulfillments/0/events").findValuesAsText("type"))
                .containsExactly("processing", "ready_for_pickup", "delivered");
        assertThat(order.at("/fulfillments/0/events/2/description").asText()).isEqualTo("Picked up");
        assertThat(order.at("/line_items/0/status").asText()).isEqualTo("fulfilled");
    }

    @Test
    void digitalDelivery_carriesAccessDetails_andValid() {
        ObjectNode order = AcpOrderDocument.placed(placed("digital", null));
        assertThat(order.at("/fulfillments/0").has("destination")).isFalse();
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 1500, "usd", at(1)));
        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_1", "digital",
                lines("li_2", 1), null, null, "d1", "ful_ord_1_1_evt_1", "processing", at(2)));
        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1_1", "delivered",
                "ful_ord_1_1_evt_2", "delivered", "processing", Map.of("li_1", 0, "li_2", 1), null, null, null, at(2),
                new DigitalDelivery("https://shop.example/dl/abc", "KEY-123", at(60 * 24)), null));
        assertEveryVersionValid(order);
        JsonNode digital = fulfillment(order, "ful_ord_1_1");
        assertThat(digital.path("digital_delivery").toString()).isEqualTo("{\"access_url\":\"https://shop.example/dl/abc\","
                + "\"license_key\":\"KEY-123\",\"expires_at\":\"2026-04-21T10:00:00Z\"}");
        assertThat(digital.path("status").asText()).isEqualTo("delivered");
        assertThat(fulfillment(order, "ful_ord_1").path("line_items").toString())
                .isEqualTo("[{\"id\":\"li_1\",\"quantity\":3}]");
    }

    @Test
    void manualReview_thenCanceled_everyFulfillmentCanceled_andValid() {
        ObjectNode order = AcpOrderDocument.placed(placed("shipping", null));
        AcpOrderDocument.heldForReview(order, new OrderHeldForReview("ord_1", "pay_1", "card_declined", at(1)));
        assertEveryVersionValid(order);
        assertThat(order.path("status").asText()).isEqualTo("manual_review");
        assertThat(WebhookPayloads.body("order_update", order, "2025-09-29")).contains("\"status\":\"manual_review\"");
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 1500, "usd", at(2)));
        assertThat(order.path("status").asText()).isEqualTo("confirmed");
        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_1", "shipping",
                lines("li_1", 1), HOME, null, null, "ful_ord_1_1_evt_1", "processing", at(3)));
        AcpOrderDocument.canceled(order, new OrderCanceled("ord_1", "merchant_canceled", at(4)));
        assertEveryVersionValid(order);
        assertThat(order.path("fulfillments").findValuesAsText("status")).containsOnly("canceled");
        assertThat(fulfillment(order, "ful_ord_1_1").at("/events/1/type").asText()).isEqualTo("canceled");
    }

    @Test
    void legacySchemas_refuseTheRichStatusesAndUnknownFields() throws Exception {
        assumeTrue(specDir != null, AcpOrderSchema.missingMessage());
        JsonNode processing = AcpOrderDocument.JSON.readTree("{\"type\":\"order_update\",\"data\":{\"type\":\"order\","
                + "\"checkout_session_id\":\"cs_1\",\"permalink_url\":\"https://shop.example/o\",\"status\":\"processing\","
                + "\"refunds\":[{\"type\":\"return\",\"amount\":1}],\"id\":\"ord_1\"}}");
        for (Map.Entry<String, JsonSchema> version : legacy.entrySet()) {
            assertThat(AcpOrderSchema.validate(version.getValue(), processing)).as(version.getKey()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void confirmed_afterFulfillmentStarted_keepsTheDerivedStatus() {
        ObjectNode order = AcpOrderDocument.placed(placed("shipping", null));
        AcpOrderDocument.fulfillmentCreated(order, new FulfillmentCreated("ord_1", "ful_ord_1_1", "shipping",
                lines("li_1", 1), HOME, null, null, "ful_ord_1_1_evt_1", "processing", at(1)));
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 1500, "usd", at(2)));
        assertThat(order.path("status").asText()).isEqualTo("processing");
    }

    static long amountRefunded(JsonNode order) {
        for (JsonNode total : order.path("totals")) {
            if (total.path("type").asText().equals("amount_refunded")) {
                return total.path("amount").asLong();
            }
        }
        return -1;
    }
}
