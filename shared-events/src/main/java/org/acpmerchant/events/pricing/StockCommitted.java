package org.acpmerchant.events.pricing;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The held stock became a sale of {@code orderId}. Revision 1. */
@Revision("1")
public record StockCommitted(String reservationId, String sessionId, String orderId, Instant committedAt)
        implements IntegrationEvent {}
