package org.acpmerchant.payment.payment.domain;

import java.util.List;
import java.util.Optional;
import org.acpmerchant.events.checkout.AuthenticationOutcome;

/**
 * The payment service provider, seen from the Payment aggregate. Every call is idempotent per payment and step (an
 * implementation derives its idempotency key from {@code paymentId} and the step), retries transient failures within
 * its own deadline and answers with an outcome instead of throwing: calling it twice for the same step never moves
 * money twice. When a step's outcome stays unknown at the deadline, the implementation looks the result up at the PSP
 * before answering, and never creates a second charge or refund to find out.
 */
public interface PaymentGateway {

    /**
     * Checks the credential's allowance (currency, maximum amount, expiry, revocation) and, if it fits, authorizes
     * {@code amountMinor} for later capture. Never charges a credential whose allowance does not fit.
     */
    AuthorizationResult authorize(AuthorizationRequest request);

    /** Continues an authorization that required 3DS, with the agent's successful 3DS result. */
    AuthorizationResult completeAuthentication(
            String paymentId, String attemptId, String providerReference, AuthenticationOutcome authentication);

    /** Captures {@code amountMinor} of an authorization. */
    OperationResult capture(String paymentId, String providerReference, long amountMinor);

    /** Releases an authorization (or a PaymentIntent waiting for 3DS); releasing a released one succeeds. */
    OperationResult voidAuthorization(String paymentId, String providerReference);

    /**
     * Refunds {@code amountMinor} of a captured PaymentIntent; idempotent per {@code refundId}, which the PSP keeps on
     * the refund so that {@link #refunds} can match it later.
     */
    RefundResult refund(String paymentId, String refundId, String providerReference, long amountMinor);

    /**
     * The refunds the PSP holds for a PaymentIntent, for reconciliation.
     *
     * @throws org.acpmerchant.payment.payment.domain.PaymentProviderUnavailableException if the PSP cannot answer now
     */
    List<ProviderRefund> refunds(String paymentId, String providerReference);

    /**
     * The payment id a PaymentIntent was created for (its {@code payment_id} metadata), for webhooks whose object
     * does not carry it (disputes); empty if the PaymentIntent is unknown or not ours.
     *
     * @throws org.acpmerchant.payment.payment.domain.PaymentProviderUnavailableException if the PSP cannot answer now
     */
    Optional<String> paymentIdOf(String providerReference);

    /** What to authorize. {@code credentialToken} is secret: never log or store it. */
    record AuthorizationRequest(
            String paymentId,
            String sessionId,
            String attemptId,
            long amountMinor,
            String currency,
            String credentialToken,
            AuthenticationOutcome authentication) {
        @Override
        public String toString() {
            return "AuthorizationRequest[paymentId=" + paymentId + ", amountMinor=" + amountMinor + ", currency="
                    + currency + ", credentialToken=<redacted>]";
        }
    }

    /** The outcome of an authorization step. */
    sealed interface AuthorizationResult {
        /** The money is held; {@code providerReference} is the PSP's id (a PaymentIntent). */
        record Authorized(String providerReference) implements AuthorizationResult {}

        /** The issuer requires 3DS before authorizing. */
        record AuthenticationRequired(String providerReference) implements AuthorizationResult {}

        /** Refused; {@code message} is safe to show the buyer. Nothing is held. */
        record Declined(String code, String message) implements AuthorizationResult {}

        /** The PSP could not be reached or failed within the deadline; {@code reason} holds no secrets. */
        record Failed(String reason) implements AuthorizationResult {}
    }

    /** The outcome of a refund. */
    sealed interface RefundResult {
        /** The money went back; {@code providerReference} is the PSP's refund id. */
        record Refunded(String providerReference) implements RefundResult {}

        /** Refused by the PSP; nothing moved. */
        record Failed(String reason) implements RefundResult {}

        /** Accepted but not final, or unknown at the deadline and not found: stays pending until a webhook settles it. */
        record Pending(String reason) implements RefundResult {}
    }

    /** A refund as the PSP holds it; {@code refundId} is ours from its metadata, null if made elsewhere. */
    record ProviderRefund(String providerReference, String refundId, long amountMinor, String status) {}

    /** The outcome of a capture or a void. */
    sealed interface OperationResult {
        record Succeeded() implements OperationResult {}

        record Failed(String reason) implements OperationResult {}
    }
}
