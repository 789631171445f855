package org.acpmerchant.events.order;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * The merchant canceled the order (or it was voided before capture). payment-service releases an authorization or
 * refunds a captured payment in full; pricing returns the stock. Revision 1.
 */
@Revision("1")
public record OrderCanceled(
        String orderId, String sessionId, String paymentId, String reservationId, String reason, Instant canceledAt)
        implements IntegrationEvent {}
