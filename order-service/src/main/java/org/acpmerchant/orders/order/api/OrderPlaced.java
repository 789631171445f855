package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.axonframework.serialization.Revision;

/**
 * The full content of a new order (private to order-service), applied just before the shared {@code OrderCreated}.
 * {@code fulfillmentId} names the order's single fulfillment. Revision 1.
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
        Instant placedAt) {
    public OrderPlaced {
        lines = List.copyOf(lines);
        totals = Map.copyOf(totals);
    }
}
