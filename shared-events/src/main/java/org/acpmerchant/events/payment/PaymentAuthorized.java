package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The PSP holds {@code amountMinor} for this payment; it is captured once the order exists. Revision 1. */
@Revision("1")
public record PaymentAuthorized(
        String paymentId,
        String sessionId,
        String attemptId,
        long amountMinor,
        String currency,
        String providerReference,
        Instant authorizedAt)
        implements IntegrationEvent {}
