package org.acpmerchant.events.checkout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * Money is secured (authorized): the completion saga asks order-service to create the order. {@code totals} maps an
 * ACP total type ({@code subtotal}, {@code tax}, {@code fulfillment}, {@code total}, …) to integer minor units;
 * {@code buyerEmail} and {@code shippingAddress} may be null. {@code fulfillmentType} is {@code shipping},
 * {@code digital}, {@code pickup} or {@code local_delivery}; {@code pickupLocation} is the store for pickup (else
 * null). Revision 2 added {@code pickupLocation} (absent in revision 1 payloads, read as null: no upcaster needed).
 */
@Revision("2")
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
        Instant requestedAt,
        PickupLocation pickupLocation)
        implements IntegrationEvent {
    public OrderRequested {
        lines = List.copyOf(lines);
        totals = Map.copyOf(totals);
    }

    public OrderRequested(String orderId, String sessionId, String paymentId, String reservationId, String currency,
            List<OrderLine> lines, Map<String, Long> totals, String buyerEmail, OrderAddress shippingAddress,
            String fulfillmentType, String fulfillmentTitle, Instant requestedAt) {
        this(orderId, sessionId, paymentId, reservationId, currency, lines, totals, buyerEmail, shippingAddress,
                fulfillmentType, fulfillmentTitle, requestedAt, null);
    }

    /** The store a pickup order is collected from. */
    public record PickupLocation(String locationId, String name, OrderAddress address, String phone,
            String instructions) {}

    public long total() {
        return totals.getOrDefault("total", 0L);
    }
}
