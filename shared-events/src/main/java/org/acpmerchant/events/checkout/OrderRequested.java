package org.acpmerchant.events.checkout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * Money is secured (authorized): the completion saga asks order-service to create the order. {@code totals} maps an
 * ACP total type ({@code subtotal}, {@code tax}, {@code fulfillment}, {@code total}, …) to integer minor units;
 * {@code buyerEmail} and {@code shippingAddress} may be null. Revision 1.
 */
@Revision("1")
public record OrderRequested(
        String orderId,
        String sessionId,
        String paymentId,
        String reservationId,
        String currency,
        List<OrderLine> lines,
        Map<String, Long> totals,
        String buyerEmail,
        OrderAddress shippingAddress,
        String fulfillmentType,
        String fulfillmentTitle,
        Instant requestedAt)
        implements IntegrationEvent {
    public OrderRequested {
        lines = List.copyOf(lines);
        totals = Map.copyOf(totals);
    }

    public long total() {
        return totals.getOrDefault("total", 0L);
    }
}
