package org.acpmerchant.events.order;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.StockLine;
import org.axonframework.serialization.Revision;

/**
 * Units of an order that will never be shipped (canceled line items, or a whole order canceled before anything was
 * fulfilled) go back to stock. {@code releaseId} names the cancellation, so a release is applied once;
 * {@code reservationId} is the reservation whose sale they came from. Revision 1.
 */
@Revision("1")
public record OrderItemsReleased(
        String orderId,
        String sessionId,
        String reservationId,
        String releaseId,
        List<StockLine> lines,
        String reason,
        Instant releasedAt)
        implements IntegrationEvent {
    public OrderItemsReleased {
        lines = List.copyOf(lines);
    }
}
