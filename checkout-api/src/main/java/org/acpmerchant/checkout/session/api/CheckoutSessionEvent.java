package org.acpmerchant.checkout.session.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.checkout.session.api.SessionModel.Attribution;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.IntentTrace;
import org.acpmerchant.checkout.session.api.SessionModel.MarketingConsent;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.pricing.StockShortage;
import org.acpmerchant.events.quote.QuoteReply;
import org.axonframework.serialization.Revision;

/**
 * Events private to checkout-api: the session's own history, including what it learned from other services.
 * Integration events it publishes ({@code PaymentRequested}, …) live in shared-events.
 */
public sealed interface CheckoutSessionEvent {

    String sessionId();

    /** A session priced by pricing-service. Revision 1. */
    @Revision("1")
    record CheckoutSessionCreated(
            String sessionId, String agentId, SessionInputs inputs, QuoteReply quote, Instant createdAt, Instant expiresAt)
            implements CheckoutSessionEvent {}

    /** New inputs and their new price; replaces both wholesale. Revision 1. */
    @Revision("1")
    record CheckoutSessionUpdated(String sessionId, SessionInputs inputs, QuoteReply quote, Instant updatedAt)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CheckoutSessionCanceled(String sessionId, String reasonCode, Instant canceledAt)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CheckoutSessionExpired(String sessionId, Instant expiredAt) implements CheckoutSessionEvent {}

    /** The agent asked to complete: an attempt starts with its ids. The credential is redacted in toString. Revision 1. */
    @Revision("1")
    record CompletionRequested(
            String sessionId,
            String attemptId,
            String reservationId,
            String paymentId,
            String orderId,
            long amountMinor,
            String currency,
            PaymentCredential credential,
            Buyer buyer,
            Instant requestedAt)
            implements CheckoutSessionEvent {}

    /** The agent came back with a 3DS result for the attempt waiting on authentication. Revision 1. */
    @Revision("1")
    record AuthenticationProvided(
            String sessionId, String attemptId, AuthenticationOutcome authentication, Instant providedAt)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionStockReserved(String sessionId, String attemptId, String reservationId, Instant at)
            implements CheckoutSessionEvent {}

    /**
     * Nothing was held: stock ran short, or a usage-limited discount code had no use left ({@code exhaustedDiscountCodes},
     * normalized). Revision 1; the codes were added without a bump (absent in older payloads means none).
     */
    @Revision("1")
    record CompletionStockRejected(
            String sessionId, String attemptId, List<StockShortage> shortages, Instant at,
            List<String> exhaustedDiscountCodes)
            implements CheckoutSessionEvent {
        public CompletionStockRejected {
            shortages = List.copyOf(shortages);
            exhaustedDiscountCodes = exhaustedDiscountCodes == null ? List.of() : List.copyOf(exhaustedDiscountCodes);
        }

        public CompletionStockRejected(String sessionId, String attemptId, List<StockShortage> shortages, Instant at) {
            this(sessionId, attemptId, shortages, at, List.of());
        }
    }

    @Revision("1")
    record CompletionPaymentAuthorized(String sessionId, String attemptId, String paymentId, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionPaymentDeclined(
            String sessionId, String attemptId, String paymentId, String code, String message, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionAuthenticationRequired(String sessionId, String attemptId, String paymentId, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionPaymentFailed(String sessionId, String attemptId, String paymentId, String reason, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionOrderCreated(
            String sessionId, String attemptId, String orderId, String permalinkUrl, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CompletionOrderRejected(String sessionId, String attemptId, String orderId, String reason, Instant at)
            implements CheckoutSessionEvent {}

    /** The attempt ended without an order; the session is payable again (or not, when stock ran out). Revision 1. */
    @Revision("1")
    record CompletionFailed(
            String sessionId, String attemptId, CompletionOutcome outcome, String detail, Instant at)
            implements CheckoutSessionEvent {}

    @Revision("1")
    record CheckoutSessionCompleted(
            String sessionId, String attemptId, String orderId, String permalinkUrl, Instant completedAt)
            implements CheckoutSessionEvent {}

    /**
     * The agent's affiliate attribution for a touchpoint ({@code first} at create, {@code last} at complete); only
     * the first claim per touchpoint is recorded. Write-only: never rendered to agents. Revision 1.
     */
    @Revision("1")
    record AffiliateAttributionRecorded(String sessionId, String touchpoint, Attribution attribution, Instant at)
            implements CheckoutSessionEvent {}

    /** Why the buyer canceled, as the agent traced it. Write-only. Revision 1. */
    @Revision("1")
    record IntentTraceRecorded(String sessionId, IntentTrace trace, Instant at) implements CheckoutSessionEvent {}

    /**
     * The buyer's marketing decisions on complete, for offered channels with a resolvable contact only;
     * {@code customerId} (may be null) is the merchant account they belong to. Revision 1.
     */
    @Revision("1")
    record MarketingConsentsRecorded(String sessionId, String customerId, List<MarketingConsent> consents, Instant at)
            implements CheckoutSessionEvent {
        public MarketingConsentsRecorded {
            consents = List.copyOf(consents);
        }
    }
}
