package org.acpmerchant.events.pricing;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The held stock is available again. Revision 1. */
@Revision("1")
public record StockReleased(String reservationId, String sessionId, String reason, Instant releasedAt)
        implements IntegrationEvent {}
