package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * The buyer's bank opened or updated a dispute (chargeback) on the payment. {@code status} is Stripe's dispute
 * status ({@code needs_response}, {@code won}, {@code lost}, …). Revision 1.
 */
@Revision("1")
public record PaymentDisputed(
        String paymentId,
        String sessionId,
        String orderId,
        String disputeId,
        long amountMinor,
        String currency,
        String reason,
        String status,
        Instant occurredAt)
        implements IntegrationEvent {}
