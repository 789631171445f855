package org.acpmerchant.events.checkout;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** Compensation: give back the stock held by a reservation (decline, timeout, cancel). Revision 1. */
@Revision("1")
public record StockReleaseRequested(String reservationId, String sessionId, String reason, Instant requestedAt)
        implements IntegrationEvent {}
