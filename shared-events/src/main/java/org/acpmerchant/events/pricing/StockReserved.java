package org.acpmerchant.events.pricing;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** Every line of the reservation is held until {@code expiresAt}. Revision 1. */
@Revision("1")
public record StockReserved(
        String reservationId, String sessionId, String attemptId, Instant expiresAt, Instant reservedAt)
        implements IntegrationEvent {}
