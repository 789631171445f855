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
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands to the {@code CheckoutSession} aggregate. Time and ids arrive on the command, never made inside. */
public sealed interface CheckoutSessionCommand {

    String sessionId();

    record CreateCheckoutSession(
            @TargetAggregateIdentifier String sessionId,
            String agentId,
            SessionInputs inputs,
            QuoteReply quote,
            Instant createdAt,
            Instant expiresAt,
            Attribution attribution)
            implements CheckoutSessionCommand {
        public CreateCheckoutSession(String sessionId, String agentId, SessionInputs inputs, QuoteReply quote,
                Instant createdAt, Instant expiresAt) {
            this(sessionId, agentId, inputs, quote, createdAt, expiresAt, null);
        }
    }

    record UpdateCheckoutSession(
            @TargetAggregateIdentifier String sessionId, SessionInputs inputs, QuoteReply quote, Instant updatedAt)
            implements CheckoutSessionCommand {}

    record CancelCheckoutSession(
            @TargetAggregateIdentifier String sessionId, String reasonCode, Instant canceledAt, IntentTrace trace)
            implements CheckoutSessionCommand {
        public CancelCheckoutSession(String sessionId, String reasonCode, Instant canceledAt) {
            this(sessionId, reasonCode, canceledAt, null);
        }
    }

    record ExpireCheckoutSession(@TargetAggregateIdentifier String sessionId, Instant expiredAt)
            implements CheckoutSessionCommand {}

    /** Ids for a new attempt are minted at the edge; a 3DS continuation reuses the pending attempt's. */
    record CompleteCheckoutSession(
            @TargetAggregateIdentifier String sessionId,
            String attemptId,
            String reservationId,
            String paymentId,
            String orderId,
            PaymentCredential credential,
            Buyer buyer,
            AuthenticationOutcome authentication,
            Instant requestedAt,
            Attribution attribution,
            List<MarketingConsent> consents)
            implements CheckoutSessionCommand {
        public CompleteCheckoutSession {
            consents = consents == null ? List.of() : List.copyOf(consents);
        }

        public CompleteCheckoutSession(String sessionId, String attemptId, String reservationId, String paymentId,
                String orderId, PaymentCredential credential, Buyer buyer, AuthenticationOutcome authentication,
                Instant requestedAt) {
            this(sessionId, attemptId, reservationId, paymentId, orderId, credential, buyer, authentication,
                    requestedAt, null, List.of());
        }
    }

    record RequestStockReservation(@TargetAggregateIdentifier String sessionId, String attemptId, Instant requestedAt)
            implements CheckoutSessionCommand {}

    record RequestPayment(@TargetAggregateIdentifier String sessionId, String attemptId, Instant requestedAt)
            implements CheckoutSessionCommand {}

    record RequestOrder(@TargetAggregateIdentifier String sessionId, String attemptId, Instant requestedAt)
            implements CheckoutSessionCommand {}

    record RequestStockRelease(
            @TargetAggregateIdentifier String sessionId, String attemptId, String reason, Instant requestedAt)
            implements CheckoutSessionCommand {}

    record RequestPaymentVoid(
            @TargetAggregateIdentifier String sessionId, String attemptId, String reason, Instant requestedAt)
            implements CheckoutSessionCommand {}

    record RecordStockReserved(@TargetAggregateIdentifier String sessionId, String reservationId, Instant at)
            implements CheckoutSessionCommand {}

    record RecordStockRejected(
            @TargetAggregateIdentifier String sessionId, String reservationId, List<StockShortage> shortages, Instant at,
            List<String> exhaustedDiscountCodes)
            implements CheckoutSessionCommand {
        public RecordStockRejected {
            exhaustedDiscountCodes = exhaustedDiscountCodes == null ? List.of() : List.copyOf(exhaustedDiscountCodes);
        }

        public RecordStockRejected(String sessionId, String reservationId, List<StockShortage> shortages, Instant at) {
            this(sessionId, reservationId, shortages, at, List.of());
        }
    }

    record RecordPaymentAuthorized(@TargetAggregateIdentifier String sessionId, String paymentId, Instant at)
            implements CheckoutSessionCommand {}

    record RecordPaymentDeclined(
            @TargetAggregateIdentifier String sessionId, String paymentId, String code, String message, Instant at)
            implements CheckoutSessionCommand {}

    record RecordAuthenticationRequired(@TargetAggregateIdentifier String sessionId, String paymentId, Instant at)
            implements CheckoutSessionCommand {}

    record RecordPaymentFailed(
            @TargetAggregateIdentifier String sessionId, String paymentId, String reason, Instant at)
            implements CheckoutSessionCommand {}

    record RecordOrderCreated(
            @TargetAggregateIdentifier String sessionId, String orderId, String permalinkUrl, Instant at)
            implements CheckoutSessionCommand {}

    record RecordOrderRejected(
            @TargetAggregateIdentifier String sessionId, String orderId, String reason, Instant at)
            implements CheckoutSessionCommand {}

    record FailCompletion(
            @TargetAggregateIdentifier String sessionId, String attemptId, CompletionOutcome outcome, String detail, Instant at)
            implements CheckoutSessionCommand {}

    record MarkCheckoutSessionCompleted(@TargetAggregateIdentifier String sessionId, String attemptId, Instant at)
            implements CheckoutSessionCommand {}
}
