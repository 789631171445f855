package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * The merchant canceled units of line items that were not yet in a fulfillment: a {@code cancellation} adjustment
 * {@code cancellationId}. {@code amountMinor} is refunded under the same id (a {@code RefundRequested} follows when it
 * is positive). {@code currentQuantities} maps every line item id to its current quantity after the change;
 * {@code orderStatus} is the order's status after it. Revision 1.
 */
@Revision("1")
public record LineItemsCanceled(
        String orderId,
        String cancellationId,
        List<LineQuantity> lines,
        long amountMinor,
        String currency,
        String reason,
        Map<String, Integer> currentQuantities,
        String orderStatus,
        Instant canceledAt) {
    public LineItemsCanceled {
        lines = List.copyOf(lines);
        currentQuantities = Map.copyOf(currentQuantities);
    }
}
