package org.acpmerchant.orders.order.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.orders.webhook.WebhookPayloads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AcpOrderDocumentTest {

    static final Instant T0 = Instant.parse("2026-04-20T10:00:00Z");
    static JsonSchema orderSchema;
    static Path specDir;

    @BeforeAll
    static void schema() {
        specDir = AcpOrderSchema.specDir().orElse(null);
        if (specDir != null) {
            orderSchema = AcpOrderSchema.definition(specDir, "Order");
        }
    }

    static OrderPlaced placed(OrderAddress address) {
        return new OrderPlaced("ord_1", "cs_1", "ORD-1", "https://shop.example/orders/ord_1", "pay_1", "usd",
                List.of(new OrderLine("li_1", "item_1", "Mug", 2, 1000, 2000, 160, 2160),
                        new OrderLine("li_2", null, "Spoon", 1, 300, 300, 24, 324)),
                Map.of("subtotal", 2300L, "tax", 184L, "fulfillment", 500L, "total", 2984L, "mystery", 1L),
                "buyer@example.com", address, "ful_ord_1", "shipping", "Standard shipping", T0);
    }

    static final OrderAddress ADDRESS = new OrderAddress("Jane", "1 Main St", null, "Springfield", "IL", "US", "62701");

    void assertValid(JsonNode order) {
        assumeTrue(specDir != null, AcpOrderSchema.missingMessage());
        assertThat(AcpOrderSchema.validate(orderSchema, order)).as(order.toPrettyString()).isEmpty();
    }

    @Test
    void placed_isValidOrder_withLinesTotalsAndPendingFulfillment() {
        ObjectNode order = AcpOrderDocument.placed(placed(ADDRESS));
        assertValid(order);
        assertThat(order.path("type").asText()).isEqualTo("order");
        assertThat(order.path("status").asText()).isEqualTo("created");
        assertThat(order.at("/line_items/0/quantity").toString()).isEqualTo("{\"ordered\":2,\"current\":2,\"fulfilled\":0}");
        assertThat(order.path("totals").findValuesAsText("type"))
                .containsExactly("subtotal", "fulfillment", "tax", "total", "amount_refunded");
        assertThat(order.at("/totals/4/amount").asLong()).isZero();
        assertThat(order.at("/fulfillments/0/destination/postal_code").asText()).isEqualTo("62701");
        assertThat(order.path("adjustments").isArray()).isTrue();
    }

    @Test
    void placed_omitsIncompleteAddress() {
        ObjectNode order = AcpOrderDocument.placed(placed(new OrderAddress("Jane", null, null, null, null, "US", null)));
        assertValid(order);
        assertThat(order.at("/fulfillments/0").has("destination")).isFalse();
    }

    @Test
    void lifecycle_staysValid_throughConfirmShipDeliver() {
        ObjectNode order = AcpOrderDocument.placed(placed(ADDRESS));
        AcpOrderDocument.confirmed(order, new OrderConfirmed("ord_1", "pay_1", 2984, "usd", T0));
        assertValid(order);
        assertThat(order.path("status").asText()).isEqualTo("confirmed");

        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1", "shipped",
                "ful_ord_1_evt_1", "shipped", "shipped", Map.of("li_1", 2, "li_2", 1), "UPS", "1Z999",
                "https://ups.example/track/1Z999", T0.plusSeconds(60)));
        assertValid(order);
        assertThat(order.at("/line_items/0/status").asText()).isEqualTo("fulfilled");
        assertThat(order.at("/fulfillments/0/tracking_number").asText()).isEqualTo("1Z999");

        AcpOrderDocument.fulfillmentUpdated(order, new OrderFulfillmentUpdated("ord_1", "ful_ord_1", "delivered",
                "ful_ord_1_evt_2", "delivered", "completed", Map.of("li_1", 2, "li_2", 1), null, null, null,
                T0.plusSeconds(120)));
        assertValid(order);
        assertThat(order.path("status").asText()).isEqualTo("completed");
        assertThat(order.at("/fulfillments/0/events").size()).isEqualTo(2);
    }

    @Test
    void canceled_removesEveryLine() {
        ObjectNode order = AcpOrderDocument.placed(placed(ADDRESS));
        AcpOrderDocument.canceled(order, new OrderCanceled("ord_1", "out_of_stock", T0));
        assertValid(order);
        assertThat(order.path("line_items").findValuesAsText("status")).containsOnly("removed");
    }

    @Test
    void webhookBody_carriesFullOrder_or_legacyEventData() throws Exception {
        ObjectNode order = AcpOrderDocument.placed(placed(ADDRESS));
        JsonNode rich = AcpOrderDocument.JSON.readTree(WebhookPayloads.body("order_create", order, "2026-04-17"));
        assertThat(rich.path("type").asText()).isEqualTo("order_create");
        assertThat(rich.path("data").toString()).isEqualTo(order.toString());
        assertValid(rich.path("data"));

        JsonNode legacy = AcpOrderDocument.JSON.readTree(WebhookPayloads.body("order_update", order, "2026-01-30"));
        assertThat(legacy.path("data").toString()).isEqualTo("{\"type\":\"order\",\"checkout_session_id\":\"cs_1\","
                + "\"permalink_url\":\"https://shop.example/orders/ord_1\",\"status\":\"created\",\"refunds\":[]}");
    }

    @Test
    void schema_acceptsOfficialExamples_andRejectsBrokenOrder() throws Exception {
        assumeTrue(specDir != null, AcpOrderSchema.missingMessage());
        Path examples = specDir.resolve(Path.of("2026-04-17", "examples", "2026-04-17", "orders"));
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                ObjectNode example = (ObjectNode) AcpOrderDocument.JSON.readTree(file.toFile());
                example.remove(List.of("$schema", "_description"));
                assertValid(example);
            }
        }
        ObjectNode broken = AcpOrderDocument.placed(placed(ADDRESS));
        broken.remove("permalink_url");
        ((ObjectNode) broken.at("/line_items/0/quantity")).put("ordered", 0);
        assertThat(AcpOrderSchema.validate(orderSchema, broken)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void refunds_andDisputes_areAdjustments_andCompletedRefundsAddToAmountRefunded() {
        ObjectNode order = AcpOrderDocument.placed(placed(ADDRESS));
        AcpOrderDocument.refundRequested(order, new RefundRequested("rfd_1", "ord_1", "cs_1", "pay_1", 1080, "usd",
                List.of(new RefundRequested.RefundLine("li_1", 1)), "damaged", T0));
        AcpOrderDocument.refundRequested(order, new RefundRequested("rfd_2", "ord_1", "cs_1", "pay_1", 100, "usd",
                List.of(), null, T0));
        assertValid(order);
        assertThat(order.at("/adjustments/0/status").asText()).isEqualTo("pending");
        assertThat(order.at("/adjustments/0/line_items/0/id").asText()).isEqualTo("li_1");
        AcpOrderDocument.refundCompleted(order, new RefundCompleted("ord_1", "rfd_1", 1080, "usd", "re_1", T0.plusSeconds(5)));
        AcpOrderDocument.refundFailed(order, new RefundFailed("ord_1", "rfd_2", "card_closed", T0.plusSeconds(6)));
        AcpOrderDocument.disputed(order, new OrderDisputed("ord_1", "dp_1", 2984, "usd", "fraudulent", "needs_response", T0));
        assertValid(order);
        assertThat(order.at("/adjustments/0/status").asText()).isEqualTo("completed");
        assertThat(order.at("/adjustments/1/status").asText()).isEqualTo("failed");
        assertThat(order.at("/adjustments/2/type").asText()).isEqualTo("dispute");
        assertThat(order.at("/adjustments/2/status").asText()).isEqualTo("pending");
        assertThat(order.path("totals").findValues("type").stream().map(JsonNode::asText).toList())
                .contains("amount_refunded");
        for (JsonNode total : order.path("totals")) {
            if (total.path("type").asText().equals("amount_refunded")) {
                assertThat(total.path("amount").asLong()).isEqualTo(1080);
            }
        }
        assertThat(WebhookPayloads.body("order_update", order, "2026-01-30")).contains("\"refunds\":[{\"type\":\"original_payment\",\"amount\":1080}]");
    }
}
