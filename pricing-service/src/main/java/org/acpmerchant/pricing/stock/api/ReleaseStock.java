package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give back what a reservation holds ({@code reason}: the requester's, or {@code expired}). */
public record ReleaseStock(
        @TargetAggregateIdentifier String reservationId, String sessionId, String reason, Instant releasedAt)
        implements StockReservationCommand {}
