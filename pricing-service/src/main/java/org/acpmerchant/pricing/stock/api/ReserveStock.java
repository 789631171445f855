package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.StockLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hold {@code lines} for one completion attempt until {@code expiresAt}; times come from the edge's clock. */
public record ReserveStock(
        @TargetAggregateIdentifier String reservationId,
        String sessionId,
        String attemptId,
        List<StockLine> lines,
        Instant reservedAt,
        Instant expiresAt)
        implements StockReservationCommand {
    public ReserveStock {
        lines = List.copyOf(lines);
    }
}
