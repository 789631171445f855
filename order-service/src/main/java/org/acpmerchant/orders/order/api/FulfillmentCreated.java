package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.axonframework.serialization.Revision;

/**
 * The merchant started a fulfillment ({@code shipping}, {@code pickup} or {@code digital}) for {@code lines}; its
 * status is {@code processing} and its first event {@code eventId} of type {@code processing}. {@code destination} is
 * the shipping address or the pickup location (null for digital). {@code requestKey} is the merchant's idempotency
 * key (may be null). {@code orderStatus} is the order's status after the change. Revision 1.
 */
@Revision("1")
public record FulfillmentCreated(
        String orderId,
        String fulfillmentId,
        String fulfillmentType,
        List<LineQuantity> lines,
        OrderAddress destination,
        String description,
        String requestKey,
        String eventId,
        String orderStatus,
        Instant createdAt) {
    public FulfillmentCreated {
        lines = List.copyOf(lines);
    }

    /** The lines as a map from line item id to quantity. */
    public Map<String, Integer> quantities() {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        lines.forEach(l -> map.merge(l.lineItemId(), l.quantity(), Integer::sum));
        return map;
    }
}
