package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The PSP refunded {@code amountMinor} for {@code refundId}. Revision 1. */
@Revision("1")
public record PaymentRefunded(
        String refundId,
        String paymentId,
        String orderId,
        String sessionId,
        long amountMinor,
        String currency,
        String providerReference,
        Instant refundedAt)
        implements IntegrationEvent {}
