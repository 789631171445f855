package org.acpmerchant.orders.order.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.platform.axon.AxonJson;

/**
 * Builds and evolves the ACP Order JSON (2026-04-17, {@code $defs/Order}) from the order events: the full order as
 * the agent receives it in {@code order_create}/{@code order_update} webhooks.
 */
public final class AcpOrderDocument {

    public static final ObjectMapper JSON = AxonJson.newObjectMapper();

    private static final Map<String, String> TOTAL_LABELS = labels();

    private AcpOrderDocument() {}

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("items_base_amount", "Items");
        labels.put("items_discount", "Item discounts");
        labels.put("subtotal", "Subtotal");
        labels.put("discount", "Discount");
        labels.put("fulfillment", "Shipping");
        labels.put("tax", "Tax");
        labels.put("fee", "Fees");
        labels.put("gift_wrap", "Gift wrap");
        labels.put("tip", "Tip");
        labels.put("store_credit", "Store credit");
        labels.put("total", "Total");
        labels.put("amount_refunded", "Refunded");
        return labels;
    }

    public static ObjectNode placed(OrderPlaced event) {
        ObjectNode order = JSON.createObjectNode();
        order.put("type", "order");
        order.put("id", event.orderId());
        order.put("checkout_session_id", event.sessionId());
        order.put("permalink_url", event.permalinkUrl());
        order.put("order_number", event.orderNumber());
        order.put("status", "created");
        ArrayNode lines = order.putArray("line_items");
        ArrayNode references = JSON.createArrayNode();
        for (OrderLine line : event.lines()) {
            ObjectNode item = lines.addObject();
            item.put("id", line.lineItemId());
            item.put("title", line.title());
            if (line.itemId() != null) {
                item.put("product_id", line.itemId());
            }
            ObjectNode quantity = item.putObject("quantity");
            quantity.put("ordered", line.quantity());
            quantity.put("current", line.quantity());
            quantity.put("fulfilled", 0);
            item.put("unit_price", line.unitAmount());
            item.put("subtotal", line.subtotal());
            ArrayNode totals = item.putArray("totals");
            total(totals, "subtotal", line.subtotal());
            total(totals, "tax", line.tax());
            total(totals, "total", line.total());
            item.put("status", "processing");
            references.addObject().put("id", line.lineItemId()).put("quantity", line.quantity());
        }
        ObjectNode fulfillment = order.putArray("fulfillments").addObject();
        fulfillment.put("id", event.fulfillmentId());
        fulfillment.put("type", event.fulfillmentType());
        fulfillment.put("status", "pending");
        fulfillment.set("line_items", references);
        if (event.fulfillmentTitle() != null) {
            fulfillment.put("description", event.fulfillmentTitle());
        }
        address(event.shippingAddress()).ifPresent(a -> fulfillment.set("destination", a));
        fulfillment.putArray("events");
        order.putArray("adjustments");
        ArrayNode totals = order.putArray("totals");
        TOTAL_LABELS.keySet().stream()
                .filter(event.totals()::containsKey)
                .filter(type -> !type.equals("amount_refunded"))
                .forEach(type -> total(totals, type, event.totals().get(type)));
        total(totals, "amount_refunded", 0);
        order.putObject("confirmation").put("confirmation_number", event.orderNumber());
        return order;
    }

    public static void confirmed(ObjectNode order, OrderConfirmed event) {
        order.put("status", "confirmed");
    }

    public static void fulfillmentUpdated(ObjectNode order, OrderFulfillmentUpdated event) {
        order.put("status", event.orderStatus());
        for (JsonNode item : array(order, "line_items")) {
            Integer fulfilled = event.fulfilledQuantities().get(item.path("id").asText());
            if (fulfilled != null) {
                ((ObjectNode) item.get("quantity")).put("fulfilled", fulfilled);
                ((ObjectNode) item).put("status", lineStatus(item.get("quantity")));
            }
        }
        for (JsonNode node : array(order, "fulfillments")) {
            ObjectNode fulfillment = (ObjectNode) node;
            if (!fulfillment.path("id").asText().equals(event.fulfillmentId())) {
                continue;
            }
            fulfillment.put("status", event.fulfillmentStatus());
            if (event.carrier() != null) {
                fulfillment.put("carrier", event.carrier());
            }
            if (event.trackingNumber() != null) {
                fulfillment.put("tracking_number", event.trackingNumber());
            }
            if (event.trackingUrl() != null) {
                fulfillment.put("tracking_url", event.trackingUrl());
            }
            ObjectNode fulfillmentEvent = array(fulfillment, "events").addObject();
            fulfillmentEvent.put("id", event.eventId());
            fulfillmentEvent.put("type", event.eventType());
            fulfillmentEvent.put("occurred_at", rfc3339(event.occurredAt()));
        }
    }

    public static void canceled(ObjectNode order, OrderCanceled event) {
        order.put("status", "canceled");
        for (JsonNode item : array(order, "line_items")) {
            ((ObjectNode) item.get("quantity")).put("current", 0);
            ((ObjectNode) item).put("status", "removed");
        }
        for (JsonNode fulfillment : array(order, "fulfillments")) {
            ((ObjectNode) fulfillment).put("status", "canceled");
        }
    }

    /** A {@code refund} adjustment, {@code pending}, for the requested amount and line items. */
    public static void refundRequested(ObjectNode order, RefundRequested event) {
        ObjectNode adjustment = adjustment(order, event.refundId(), "refund");
        adjustment.put("occurred_at", rfc3339(event.requestedAt()));
        adjustment.put("status", "pending");
        if (!event.lines().isEmpty()) {
            ArrayNode items = adjustment.putArray("line_items");
            event.lines().forEach(l -> items.addObject().put("id", l.lineItemId()).put("quantity", l.quantity()));
        }
        adjustment.put("amount", event.amountMinor());
        adjustment.put("currency", event.currency());
        if (event.reason() != null) {
            adjustment.put("reason", event.reason());
        }
    }

    /** The refund adjustment completes (or appears, for a refund payment made on its own) and adds to the total. */
    public static void refundCompleted(ObjectNode order, RefundCompleted event) {
        ObjectNode adjustment = adjustment(order, event.refundId(), "refund");
        adjustment.put("occurred_at", rfc3339(event.completedAt()));
        adjustment.put("status", "completed");
        adjustment.put("amount", event.amountMinor());
        adjustment.put("currency", event.currency());
        for (JsonNode total : array(order, "totals")) {
            if ("amount_refunded".equals(total.path("type").asText())) {
                ((ObjectNode) total).put("amount", total.path("amount").asLong() + event.amountMinor());
            }
        }
    }

    public static void refundFailed(ObjectNode order, RefundFailed event) {
        ObjectNode adjustment = adjustment(order, event.refundId(), "refund");
        adjustment.put("occurred_at", rfc3339(event.failedAt()));
        adjustment.put("status", "failed");
        if (event.reason() != null) {
            adjustment.put("description", event.reason());
        }
    }

    /** A {@code dispute} adjustment: open disputes are pending, a lost one completed (money returned), a won one failed. */
    public static void disputed(ObjectNode order, OrderDisputed event) {
        ObjectNode adjustment = adjustment(order, event.disputeId(), "dispute");
        adjustment.put("occurred_at", rfc3339(event.occurredAt()));
        adjustment.put("status", "lost".equals(event.status()) ? "completed" : "won".equals(event.status()) ? "failed" : "pending");
        adjustment.put("amount", event.amountMinor());
        adjustment.put("currency", event.currency());
        if (event.reason() != null) {
            adjustment.put("reason", event.reason());
        }
        adjustment.put("description", "Dispute " + event.status());
    }

    private static ObjectNode adjustment(ObjectNode order, String id, String type) {
        for (JsonNode node : array(order, "adjustments")) {
            if (id.equals(node.path("id").asText())) {
                return (ObjectNode) node;
            }
        }
        return array(order, "adjustments").addObject().put("id", id).put("type", type);
    }

    /** ACP's derived line status: removed, fulfilled, partial or processing. */
    static String lineStatus(JsonNode quantity) {
        int current = quantity.path("current").asInt();
        int fulfilled = quantity.path("fulfilled").asInt();
        if (current == 0) {
            return "removed";
        }
        if (fulfilled == current) {
            return "fulfilled";
        }
        return fulfilled > 0 ? "partial" : "processing";
    }

    private static ArrayNode array(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value instanceof ArrayNode array ? array : node.putArray(field);
    }

    public static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void total(ArrayNode totals, String type, long amount) {
        totals.addObject().put("type", type).put("display_text", TOTAL_LABELS.get(type)).put("amount", amount);
    }

    private static java.util.Optional<ObjectNode> address(OrderAddress address) {
        if (address == null || address.name() == null || address.lineOne() == null || address.city() == null
                || address.state() == null || address.country() == null || address.postalCode() == null) {
            return java.util.Optional.empty();
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("name", address.name());
        node.put("line_one", address.lineOne());
        if (address.lineTwo() != null) {
            node.put("line_two", address.lineTwo());
        }
        node.put("city", address.city());
        node.put("state", address.state());
        node.put("country", address.country());
        node.put("postal_code", address.postalCode());
        return java.util.Optional.of(node);
    }
}
