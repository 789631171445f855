package org.acpmerchant.checkout.session.domain;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;

/**
 * Everything a checkout session is, as a value: the inputs, the authoritative quote, the current completion
 * attempt and the order. Built only by {@link SessionEvolution}; holds no payment credential.
 */
public record SessionState(
        String id,
        String agentId,
        SessionStatus status,
        SessionInputs inputs,
        QuoteReply quote,
        Attempt attempt,
        List<QuoteMessage> completionMessages,
        OrderRef order,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        long version) {

    public SessionState {
        completionMessages = completionMessages == null ? List.of() : List.copyOf(completionMessages);
    }

    /**
     * Whether the session has lapsed at {@code now}: open ({@link SessionStatus#expires()}) and at or past its
     * {@code expires_at}, whether or not the sweeper has recorded the expiry yet. The one expiry rule: the aggregate,
     * the use cases and the renderer all ask it.
     */
    public boolean lapsedAt(Instant now) {
        return status.expires() && !now.isBefore(expiresAt);
    }

    /** The status an agent is shown at {@code now}: {@code expired} once lapsed, else the recorded one. */
    public SessionStatus statusAt(Instant now) {
        return lapsedAt(now) ? SessionStatus.EXPIRED : status;
    }

    /** The authoritative total in minor units (0 until priced). */
    public long total() {
        return quote == null
                ? 0
                : quote.totals().stream()
                        .filter(t -> "total".equals(t.type()))
                        .mapToLong(QuoteReply.QuoteTotal::amount)
                        .findFirst()
                        .orElse(0);
    }

    /** One completion attempt: its ids and how far it got. */
    public record Attempt(
            String attemptId,
            String reservationId,
            String paymentId,
            String orderId,
            long amountMinor,
            String currency,
            String handlerId,
            Stage stage,
            boolean stockRequested,
            boolean stockHeld,
            boolean paymentRequested,
            boolean paymentAuthorized,
            boolean orderRequested,
            String declineMessage) {

        public Attempt with(Stage newStage) {
            return new Attempt(attemptId, reservationId, paymentId, orderId, amountMinor, currency, handlerId, newStage,
                    stockRequested, stockHeld, paymentRequested, paymentAuthorized, orderRequested, declineMessage);
        }

        public Attempt withFlags(
                boolean stockRequested, boolean stockHeld, boolean paymentRequested, boolean paymentAuthorized,
                boolean orderRequested) {
            return new Attempt(attemptId, reservationId, paymentId, orderId, amountMinor, currency, handlerId, stage,
                    stockRequested, stockHeld, paymentRequested, paymentAuthorized, orderRequested, declineMessage);
        }

        public Attempt withDeclineMessage(String message) {
            return new Attempt(attemptId, reservationId, paymentId, orderId, amountMinor, currency, handlerId, stage,
                    stockRequested, stockHeld, paymentRequested, paymentAuthorized, orderRequested, message);
        }

        public boolean open() {
            return stage != Stage.DONE && stage != Stage.FAILED;
        }
    }

    public enum Stage {
        RESERVING,
        PAYING,
        AUTHENTICATING,
        ORDERING,
        DONE,
        FAILED
    }

    public record OrderRef(String orderId, String permalinkUrl) {}

    SessionState with(SessionStatus newStatus, Attempt newAttempt, List<QuoteMessage> messages, Instant at) {
        return new SessionState(id, agentId, newStatus, inputs, quote, newAttempt, messages, order, createdAt,
                at == null ? updatedAt : at, expiresAt, version + 1);
    }
}
