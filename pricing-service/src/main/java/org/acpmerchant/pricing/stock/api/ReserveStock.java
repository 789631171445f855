package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.StockLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Hold {@code lines} for one completion attempt until {@code expiresAt}; times come from the edge's clock.
 * {@code discountCodes} (normalized) are the codes the quote applied, redeemed if the reservation becomes a sale.
 */
public record ReserveStock(
        @TargetAggregateIdentifier String reservationId,
        String sessionId,
        String attemptId,
        List<StockLine> lines,
        Instant reservedAt,
        Instant expiresAt,
        List<String> discountCodes)
        implements StockReservationCommand {
    public ReserveStock {
        lines = List.copyOf(lines);
        discountCodes = discountCodes == null ? List.of() : List.copyOf(discountCodes);
    }

    public ReserveStock(String reservationId, String sessionId, String attemptId, List<StockLine> lines,
            Instant reservedAt, Instant expiresAt) {
        this(reservationId, sessionId, attemptId, lines, reservedAt, expiresAt, List.of());
    }
}
