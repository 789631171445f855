package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order exists: what the reservation holds is sold. */
public record CommitStock(@TargetAggregateIdentifier String reservationId, String orderId, Instant committedAt)
        implements StockReservationCommand {}
