package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The PSP could not be reached or answered with an error within the payment deadline; nothing is held. Revision 1. */
@Revision("1")
public record PaymentFailed(String paymentId, String sessionId, String attemptId, String reason, Instant failedAt)
        implements IntegrationEvent {}
