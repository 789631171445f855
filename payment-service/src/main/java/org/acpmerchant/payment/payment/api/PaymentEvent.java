package org.acpmerchant.payment.payment.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Events private to payment-service. The published outcomes are the {@code org.acpmerchant.events.payment} records,
 * applied by the aggregate itself.
 */
public sealed interface PaymentEvent {

    String paymentId();

    /** A payment for this amount was requested; the credential is not kept. */
    @Revision("1")
    record PaymentInitiated(
            String paymentId,
            String sessionId,
            String attemptId,
            long amountMinor,
            String currency,
            String handlerId,
            Instant initiatedAt)
            implements PaymentEvent {}

    /** The agent sent a 3DS result ({@code outcome}) for a payment waiting for authentication. */
    @Revision("1")
    record PaymentAuthenticationSubmitted(String paymentId, String attemptId, String outcome, Instant submittedAt)
            implements PaymentEvent {}

    /**
     * Stored before the published {@link org.acpmerchant.events.payment.PaymentCaptureFailed} existed; still read
     * from old event streams, no longer applied.
     */
    @Revision("1")
    record PaymentCaptureFailed(String paymentId, String orderId, String reason, Instant failedAt)
            implements PaymentEvent {}

    /** A refund was accepted for {@code amountMinor} and is pending at the PSP until refunded or failed. */
    @Revision("1")
    record RefundInitiated(
            String paymentId,
            String refundId,
            String orderId,
            long amountMinor,
            String currency,
            String reason,
            Instant initiatedAt)
            implements PaymentEvent {}

    /**
     * The PSP reported an authorization for a payment we had already given up (failed, voided or declined), and it
     * was released: money is never kept without an order.
     */
    @Revision("1")
    record OrphanedAuthorizationReleased(String paymentId, String providerReference, Instant releasedAt)
            implements PaymentEvent {}
}
