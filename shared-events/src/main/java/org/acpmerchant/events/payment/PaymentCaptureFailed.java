package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** Capturing the authorization for an existing order failed; the order needs attention. Revision 1. */
@Revision("1")
public record PaymentCaptureFailed(
        String paymentId, String sessionId, String orderId, String reason, Instant failedAt)
        implements IntegrationEvent {}
