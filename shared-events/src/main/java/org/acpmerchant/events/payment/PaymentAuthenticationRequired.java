package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The PSP or the merchant's risk rule requires 3DS before this payment can be authorized. Revision 1. */
@Revision("1")
public record PaymentAuthenticationRequired(
        String paymentId, String sessionId, String attemptId, String providerReference, Instant requiredAt)
        implements IntegrationEvent {}
