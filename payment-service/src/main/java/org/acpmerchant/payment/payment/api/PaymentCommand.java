package org.acpmerchant.payment.payment.api;

import java.time.Instant;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the Payment aggregate. Time arrives on the command ({@code now}, from the edge's Clock). */
public sealed interface PaymentCommand {

    String paymentId();

    /**
     * Authorize {@code amountMinor} with the delegated credential, or continue a payment that waits for 3DS when
     * {@code authentication} is present. The credential token is never stored.
     */
    record RequestPayment(
            @TargetAggregateIdentifier String paymentId,
            String sessionId,
            String attemptId,
            long amountMinor,
            String currency,
            String handlerId,
            String credentialToken,
            AuthenticationOutcome authentication,
            Instant now)
            implements PaymentCommand {
        @Override
        public String toString() {
            return "RequestPayment[paymentId=" + paymentId + ", sessionId=" + sessionId + ", attemptId=" + attemptId
                    + ", amountMinor=" + amountMinor + ", currency=" + currency + ", credentialToken=<redacted>]";
        }
    }

    /** Capture the authorized money for the order that now exists. */
    record CapturePayment(
            @TargetAggregateIdentifier String paymentId, String orderId, long amountMinor, String currency, Instant now)
            implements PaymentCommand {}

    /** Release the authorization (or make sure none will ever be kept). */
    record VoidPayment(@TargetAggregateIdentifier String paymentId, String sessionId, String reason, Instant now)
            implements PaymentCommand {}

    /**
     * Refund {@code amountMinor} of the captured money; {@code refundId} (from order-service) is the idempotency
     * anchor: a repeated refund id changes nothing once answered, and retries the PSP call while pending.
     */
    record RefundPayment(
            @TargetAggregateIdentifier String paymentId,
            String refundId,
            String orderId,
            long amountMinor,
            String currency,
            String reason,
            Instant now)
            implements PaymentCommand {}

    /** The order was canceled: release the authorization, refund what was captured in full, or do nothing. */
    record CancelPayment(@TargetAggregateIdentifier String paymentId, String orderId, String reason, Instant now)
            implements PaymentCommand {}

    /** The PSP reported refunds on the payment (webhook): settle pending refunds, record ones made elsewhere. */
    record ReconcileRefunds(@TargetAggregateIdentifier String paymentId, Instant now) implements PaymentCommand {}

    /** The PSP reported a dispute (chargeback) opened, updated or closed. */
    record RecordDispute(
            @TargetAggregateIdentifier String paymentId,
            String disputeId,
            long amountMinor,
            String currency,
            String reason,
            String status,
            Instant now)
            implements PaymentCommand {}

    /** The PSP told us (webhook) the state of the payment's PaymentIntent. */
    record ReconcilePayment(
            @TargetAggregateIdentifier String paymentId,
            String providerReference,
            ProviderStatus providerStatus,
            String failureCode,
            Instant now)
            implements PaymentCommand {}

    /** PaymentIntent states the webhook reports. */
    enum ProviderStatus {
        AUTHORIZED,
        SUCCEEDED,
        CANCELED,
        FAILED
    }
}
