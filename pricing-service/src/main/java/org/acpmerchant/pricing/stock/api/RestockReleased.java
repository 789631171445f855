package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.StockLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Units sold under the reservation that will never ship (order-service's release {@code releaseId}) go back on hand. */
public record RestockReleased(
        @TargetAggregateIdentifier String reservationId,
        String orderId,
        String releaseId,
        List<StockLine> lines,
        Instant releasedAt)
        implements StockReservationCommand {
    public RestockReleased {
        lines = List.copyOf(lines);
    }
}
