package org.acpmerchant.events.order;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The order exists. Payment captures on it; pricing turns the reservation into a sale. Revision 1. */
@Revision("1")
public record OrderCreated(
        String orderId,
        String sessionId,
        String paymentId,
        String reservationId,
        String permalinkUrl,
        long totalMinor,
        String currency,
        Instant createdAt)
        implements IntegrationEvent {}
