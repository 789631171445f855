package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested.PickupLocation;
import org.axonframework.serialization.Revision;

/**
 * The full content of a new order (private to order-service), applied just before the shared {@code OrderCreated}.
 * {@code fulfillmentId} names the order's remainder fulfillment (status {@code pending}, the units not yet in another
 * fulfillment); {@code pickupLocation} is the store of a pickup order (null otherwise, and in older payloads).
 * Revision 1.
 */
@Revision("1")
public record OrderPlaced(
        String orderId,
        String sessionId,
        String orderNumber,
        String permalinkUrl,
        String paymentId,
        String currency,
        List<OrderLine> lines,
        Map<String, Long> totals,
        String buyerEmail,
        OrderAddress shippingAddress,
        String fulfillmentId,
        String fulfillmentType,
        String fulfillmentTitle,
        Instant placedAt,
        PickupLocation pickupLocation) {
    public OrderPlaced {
        lines = List.copyOf(lines);
        totals = Map.copyOf(totals);
    }

    public OrderPlaced(String orderId, String sessionId, String orderNumber, String permalinkUrl, String paymentId,
            String currency, List<OrderLine> lines, Map<String, Long> totals, String buyerEmail,
            OrderAddress shippingAddress, String fulfillmentId, String fulfillmentType, String fulfillmentTitle,
            Instant placedAt) {
        this(orderId, sessionId, orderNumber, permalinkUrl, paymentId, currency, lines, totals, buyerEmail,
                shippingAddress, fulfillmentId, fulfillmentType, fulfillmentTitle, placedAt, null);
    }

    /** Where a pickup fulfillment goes: the pickup location's address (its name when the address has none). */
    public OrderAddress pickupAddress() {
        if (pickupLocation == null || pickupLocation.address() == null) {
            return null;
        }
        OrderAddress a = pickupLocation.address();
        String name = a.name() != null && !a.name().isBlank() ? a.name() : pickupLocation.name();
        return new OrderAddress(name, a.lineOne(), a.lineTwo(), a.city(), a.state(), a.country(), a.postalCode());
    }

    /** The destination of the order's fulfillments of {@code type}: pickup location, shipping address, or none. */
    public OrderAddress destinationFor(String type) {
        if ("pickup".equals(type)) {
            return pickupAddress();
        }
        return "shipping".equals(type) ? shippingAddress : null;
    }
}
