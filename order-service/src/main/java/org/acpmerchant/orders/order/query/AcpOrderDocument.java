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
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.platform.axon.AxonJson;

/**
 * Builds and evolves the ACP Order JSON (2026-04-17, {@code $defs/Order}) from the order events: the full order as
 * the agent receives it in {@code order_create}/{@code order_update} webhooks. Cancellations and returns are
 * adjustments whose id is also their refund's id, so the refund events settle them (pending, completed, failed).
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
        address(event.destinationFor(event.fulfillmentType())).ifPresent(a -> fulfillment.set("destination", a));
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

    /** Captured: {@code confirmed}, unless fulfillment already moved the order on. */
    public static void confirmed(ObjectNode order, OrderConfirmed event) {
        String status = order.path("status").asText();
        if (status.equals("created") || status.equals("manual_review")) {
            order.put("status", "confirmed");
        }
    }

    public static void heldForReview(ObjectNode order, OrderHeldForReview event) {
        order.put("status", "manual_review");
    }

    /** A new fulfillment ({@code processing}, first event {@code processing}); the remainder fulfillment shrinks. */
    public static void fulfillmentCreated(ObjectNode order, FulfillmentCreated event) {
        order.put("status", event.orderStatus());
        ObjectNode fulfillment = array(order, "fulfillments").addObject();
        fulfillment.put("id", event.fulfillmentId());
        fulfillment.put("type", event.fulfillmentType());
        fulfillment.put("status", "processing");
        fulfillment.set("line_items", references(event.lines()));
        address(event.destination()).ifPresent(a -> fulfillment.set("destination", a));
        if (event.description() != null) {
            fulfillment.put("description", event.description());
        }
        ObjectNode first = fulfillment.putArray("events").addObject();
        first.put("id", event.eventId());
        first.put("type", "processing");
        first.put("occurred_at", rfc3339(event.createdAt()));
        refreshRemainder(order);
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
            if (event.digitalDelivery() != null) {
                ObjectNode digital = fulfillment.putObject("digital_delivery");
                if (event.digitalDelivery().accessUrl() != null) {
                    digital.put("access_url", event.digitalDelivery().accessUrl());
                }
                if (event.digitalDelivery().licenseKey() != null) {
                    digital.put("license_key", event.digitalDelivery().licenseKey());
                }
                if (event.digitalDelivery().expiresAt() != null) {
                    digital.put("expires_at", rfc3339(event.digitalDelivery().expiresAt()));
                }
            }
            ObjectNode fulfillmentEvent = array(fulfillment, "events").addObject();
            fulfillmentEvent.put("id", event.eventId());
            fulfillmentEvent.put("type", event.eventType());
            fulfillmentEvent.put("occurred_at", rfc3339(event.occurredAt()));
            if (event.description() != null) {
                fulfillmentEvent.put("description", event.description());
            }
            if (event.location() != null) {
                fulfillmentEvent.put("location", event.location());
            }
        }
    }

    /**
     * A {@code cancellation} adjustment ({@code pending} while its refund is, {@code completed} when nothing is to be
     * refunded); current quantities drop.
     */
    public static void lineItemsCanceled(ObjectNode order, LineItemsCanceled event) {
        order.put("status", event.orderStatus());
        quantities(order, event.currentQuantities(), null);
        change(order, event.cancellationId(), "cancellation", event.lines(), event.amountMinor(), event.currency(),
                event.reason(), event.canceledAt());
        refreshRemainder(order);
    }

    /** A {@code return} adjustment ({@code pending} while its refund is); returned units leave current and fulfilled. */
    public static void itemsReturned(ObjectNode order, ItemsReturned event) {
        order.put("status", event.orderStatus());
        quantities(order, event.currentQuantities(), event.fulfilledQuantities());
        change(order, event.returnId(), "return", event.lines(), event.amountMinor(), event.currency(),
                event.reason(), event.returnedAt());
        refreshRemainder(order);
    }

    private static void change(ObjectNode order, String id, String type, java.util.List<LineQuantity> lines,
            long amount, String currency, String reason, Instant at) {
        ObjectNode adjustment = adjustment(order, id, type);
        adjustment.put("occurred_at", rfc3339(at));
        adjustment.put("status", amount > 0 ? "pending" : "completed");
        adjustment.set("line_items", references(lines));
        adjustment.put("amount", amount);
        adjustment.put("currency", currency);
        if (reason != null) {
            adjustment.put("reason", reason);
        }
    }

    private static void quantities(ObjectNode order, Map<String, Integer> current, Map<String, Integer> fulfilled) {
        for (JsonNode item : array(order, "line_items")) {
            ObjectNode quantity = (ObjectNode) item.get("quantity");
            String id = item.path("id").asText();
            if (current.containsKey(id)) {
                quantity.put("current", current.get(id));
            }
            if (fulfilled != null && fulfilled.containsKey(id)) {
                quantity.put("fulfilled", fulfilled.get(id));
            }
            ((ObjectNode) item).put("status", lineStatus(quantity));
        }
    }

    /**
     * The remainder fulfillment ({@code ful_<order id>} while {@code pending}) lists the units not yet in another
     * fulfillment: current minus (units in fulfillments that are not canceled minus returned units). It leaves the
     * list when nothing remains.
     */
    static void refreshRemainder(ObjectNode order) {
        String remainderId = "ful_" + order.path("id").asText();
        ArrayNode fulfillments = array(order, "fulfillments");
        int index = -1;
        Map<String, Integer> assigned = new LinkedHashMap<>();
        for (int i = 0; i < fulfillments.size(); i++) {
            JsonNode f = fulfillments.get(i);
            if (remainderId.equals(f.path("id").asText())) {
                if ("pending".equals(f.path("status").asText())) {
                    index = i;
                }
                continue;
            }
            if (!"canceled".equals(f.path("status").asText())) {
                f.path("line_items").forEach(l -> assigned.merge(l.path("id").asText(), l.path("quantity").asInt(), Integer::sum));
            }
        }
        if (index < 0) {
            return;
        }
        for (JsonNode adjustment : array(order, "adjustments")) {
            if ("return".equals(adjustment.path("type").asText())) {
                adjustment.path("line_items").forEach(l -> assigned.merge(l.path("id").asText(), -l.path("quantity").asInt(), Integer::sum));
            }
        }
        ArrayNode remainder = JSON.createArrayNode();
        for (JsonNode item : array(order, "line_items")) {
            String id = item.path("id").asText();
            int free = item.at("/quantity/current").asInt() - assigned.getOrDefault(id, 0);
            if (free > 0) {
                remainder.addObject().put("id", id).put("quantity", free);
            }
        }
        if (remainder.isEmpty()) {
            fulfillments.remove(index);
        } else {
            ((ObjectNode) fulfillments.get(index)).set("line_items", remainder);
        }
    }

    private static ArrayNode references(java.util.List<LineQuantity> lines) {
        ArrayNode references = JSON.createArrayNode();
        lines.forEach(l -> references.addObject().put("id", l.lineItemId()).put("quantity", l.quantity()));
        return references;
    }

    public static void canceled(ObjectNode order, OrderCanceled event) {
        order.put("status", "canceled");
        for (JsonNode item : array(order, "line_items")) {
            ((ObjectNode) item.get("quantity")).put("current", 0);
            ((ObjectNode) item).put("status", "removed");
        }
        for (JsonNode node : array(order, "fulfillments")) {
            ObjectNode fulfillment = (ObjectNode) node;
            if (fulfillment.path("status").asText().equals("delivered")) {
                continue;
            }
            fulfillment.put("status", "canceled");
            ArrayNode events = array(fulfillment, "events");
            if (!events.isEmpty()) {
                events.addObject().put("id", fulfillment.path("id").asText() + "_evt_" + (events.size() + 1))
                        .put("type", "canceled").put("occurred_at", rfc3339(event.canceledAt()));
            }
        }
    }

    /** A {@code refund} adjustment, {@code pending}, for the requested amount and line items. */
    public static void refundRequested(ObjectNode order, RefundRequested event) {
        ObjectNode adjustment = adjustment(order, event.refundId(), "refund");
        adjustment.put("status", "pending");
        if (!"refund".equals(adjustment.path("type").asText())) {
            return;
        }
        adjustment.put("occurred_at", rfc3339(event.requestedAt()));
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
        if ("refund".equals(adjustment.path("type").asText())) {
            adjustment.put("occurred_at", rfc3339(event.completedAt()));
        }
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
        if ("refund".equals(adjustment.path("type").asText())) {
            adjustment.put("occurred_at", rfc3339(event.failedAt()));
        }
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
