package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * The buyer returned fulfilled units: a {@code return} adjustment {@code returnId}; {@code amountMinor} is refunded under
 * the same id (a {@code RefundRequested} follows when it is positive). {@code currentQuantities} and
 * {@code fulfilledQuantities} map every line item id to its quantities after the change (returned units leave both).
 * Revision 1.
 */
@Revision("1")
public record ItemsReturned(
        String orderId,
        String returnId,
        List<LineQuantity> lines,
        long amountMinor,
        String currency,
        String reason,
        Map<String, Integer> currentQuantities,
        Map<String, Integer> fulfilledQuantities,
        String orderStatus,
        Instant returnedAt) {
    public ItemsReturned {
        lines = List.copyOf(lines);
        currentQuantities = Map.copyOf(currentQuantities);
        fulfilledQuantities = Map.copyOf(fulfilledQuantities);
    }
}
