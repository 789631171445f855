package org.acpmerchant.checkout.session.domain;

import org.acpmerchant.checkout.session.api.CheckoutSessionEvent;

import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AuthenticationProvided;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCanceled;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCompleted;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionExpired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionUpdated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentAuthorized;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionRequested;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockReserved;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionState.Attempt;
import org.acpmerchant.checkout.session.domain.SessionState.OrderRef;
import org.acpmerchant.checkout.session.domain.SessionState.Stage;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.pricing.StockShortage;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;

/** The one place that says how an event changes a session: used by the aggregate and by the read model. */
public final class SessionEvolution {

    private SessionEvolution() {}

    public static SessionState evolve(SessionState s, Object event) {
        if (event instanceof CheckoutSessionCreated e) {
            return new SessionState(e.sessionId(), e.agentId(), SessionStatusPolicy.afterQuote(e.quote()), e.inputs(),
                    e.quote(), null, List.of(), null, e.createdAt(), e.createdAt(), e.expiresAt(), 1);
        }
        if (s == null) {
            return null;
        }
        if (event instanceof CheckoutSessionEvent.AffiliateAttributionRecorded
                || event instanceof CheckoutSessionEvent.IntentTraceRecorded
                || event instanceof CheckoutSessionEvent.MarketingConsentsRecorded) {
            return s; // write-only records: the session as agents see it does not change
        }
        if (event instanceof CheckoutSessionUpdated e) {
            return new SessionState(s.id(), s.agentId(), SessionStatusPolicy.afterQuote(e.quote()), e.inputs(),
                    e.quote(), s.attempt(), List.of(), s.order(), s.createdAt(), e.updatedAt(), s.expiresAt(),
                    s.version() + 1);
        }
        if (event instanceof CheckoutSessionCanceled e) {
            return s.with(SessionStatus.CANCELED, closed(s.attempt()), s.completionMessages(), e.canceledAt());
        }
        if (event instanceof CheckoutSessionExpired e) {
            return s.with(SessionStatus.EXPIRED, closed(s.attempt()), s.completionMessages(), e.expiredAt());
        }
        if (event instanceof CompletionRequested e) {
            Attempt attempt = new Attempt(e.attemptId(), e.reservationId(), e.paymentId(), e.orderId(),
                    e.amountMinor(), e.currency(), e.credential().handlerId(), Stage.RESERVING,
                    false, false, false, false, false, null);
            SessionInputs inputs = e.buyer() == null ? s.inputs() : withBuyer(s.inputs(), e);
            return new SessionState(s.id(), s.agentId(), SessionStatus.COMPLETE_IN_PROGRESS, inputs, s.quote(),
                    attempt, List.of(), s.order(), s.createdAt(), e.requestedAt(), s.expiresAt(), s.version() + 1);
        }
        Attempt a = s.attempt();
        if (event instanceof StockReservationRequested e && a != null) {
            return s.with(s.status(), a.withFlags(true, a.stockHeld(), a.paymentRequested(), a.paymentAuthorized(),
                    a.orderRequested()), s.completionMessages(), e.requestedAt());
        }
        if (event instanceof CompletionStockReserved e && a != null) {
            return s.with(s.status(), a.withFlags(a.stockRequested(), true, a.paymentRequested(), a.paymentAuthorized(),
                    a.orderRequested()).with(Stage.PAYING), s.completionMessages(), e.at());
        }
        if (event instanceof CompletionStockRejected e && a != null) {
            List<QuoteMessage> messages = new ArrayList<>(outOfStockMessages(s, e.shortages()));
            messages.addAll(exhaustedCodeMessages(s, e.exhaustedDiscountCodes()));
            return s.with(s.status(), a, messages, e.at());
        }
        if (event instanceof PaymentRequested e && a != null) {
            return s.with(s.status(), a.withFlags(a.stockRequested(), a.stockHeld(), true, a.paymentAuthorized(),
                    a.orderRequested()).with(Stage.PAYING), s.completionMessages(), e.requestedAt());
        }
        if (event instanceof CompletionAuthenticationRequired e && a != null) {
            return s.with(SessionStatus.AUTHENTICATION_REQUIRED, a.with(Stage.AUTHENTICATING), List.of(), e.at());
        }
        if (event instanceof AuthenticationProvided e && a != null) {
            return s.with(SessionStatus.COMPLETE_IN_PROGRESS, a.with(Stage.PAYING), List.of(), e.providedAt());
        }
        if (event instanceof CompletionPaymentDeclined e && a != null) {
            return s.with(s.status(), a.withDeclineMessage(e.message()), s.completionMessages(), e.at());
        }
        if (event instanceof CompletionPaymentAuthorized e && a != null) {
            return s.with(s.status(), a.withFlags(a.stockRequested(), a.stockHeld(), a.paymentRequested(), true,
                    a.orderRequested()).with(Stage.ORDERING), s.completionMessages(), e.at());
        }
        if (event instanceof OrderRequested e && a != null) {
            return s.with(s.status(), a.withFlags(a.stockRequested(), a.stockHeld(), a.paymentRequested(),
                    a.paymentAuthorized(), true), s.completionMessages(), e.requestedAt());
        }
        if (event instanceof CompletionOrderCreated e) {
            return new SessionState(s.id(), s.agentId(), s.status(), s.inputs(), s.quote(), a, s.completionMessages(),
                    new OrderRef(e.orderId(), e.permalinkUrl()), s.createdAt(), e.at(), s.expiresAt(), s.version() + 1);
        }
        if (event instanceof CompletionFailed e && a != null) {
            return switch (e.outcome()) {
                case OUT_OF_STOCK -> s.with(SessionStatus.NOT_READY_FOR_PAYMENT, a.with(Stage.FAILED),
                        s.completionMessages(), e.at());
                case PAYMENT_DECLINED -> s.with(SessionStatus.READY_FOR_PAYMENT, a.with(Stage.FAILED),
                        List.of(new QuoteMessage("error", "payment_declined", "$.payment_data",
                                a.declineMessage() != null ? a.declineMessage()
                                        : "Your payment was declined. Please try a different payment method.")),
                        e.at());
                case PAYMENT_FAILED, ORDER_FAILED, TIMED_OUT -> s.with(SessionStatus.READY_FOR_PAYMENT,
                        a.with(Stage.FAILED),
                        List.of(new QuoteMessage("error", "payment_declined", "$.payment_data",
                                "We could not complete the payment and nothing was charged. Please try again.")),
                        e.at());
            };
        }
        if (event instanceof CheckoutSessionCompleted e) {
            return new SessionState(s.id(), s.agentId(), SessionStatus.COMPLETED, s.inputs(), s.quote(),
                    a == null ? null : a.with(Stage.DONE), List.of(), new OrderRef(e.orderId(), e.permalinkUrl()),
                    s.createdAt(), e.completedAt(), s.expiresAt(), s.version() + 1);
        }
        return s.with(s.status(), a, s.completionMessages(), null);
    }

    private static Attempt closed(Attempt a) {
        return a == null || !a.open() ? a : a.with(Stage.FAILED);
    }

    private static SessionInputs withBuyer(SessionInputs in, CompletionRequested e) {
        return new SessionInputs(in.currency(), in.lines(), e.buyer(), in.fulfillment(),
                in.selectedFulfillmentOptionId(), in.discountCodes(), in.agentInterventions(), in.orderNotes(),
                in.locale(), in.metadataJson());
    }

    /** A usage-limited code that ran out between the quote and the purchase: the agent must update the session. */
    private static List<QuoteMessage> exhaustedCodeMessages(SessionState s, List<String> codes) {
        List<QuoteMessage> messages = new ArrayList<>();
        List<String> sent = s.inputs().discountCodes();
        for (String code : codes) {
            int index = -1;
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i).equalsIgnoreCase(code)) {
                    index = i;
                }
            }
            String param = index >= 0 ? "$.discounts.codes[" + index + "]" : "$.discounts";
            String shown = index >= 0 ? sent.get(index) : code;
            // MessageError has no usage-limit code: the error blocks payment, the warning names the reason.
            messages.add(new QuoteMessage("error", "coupon_invalid", param, "Discount code '" + shown
                    + "' has just been used up; remove it or update the session to see the new total."));
            messages.add(new QuoteMessage("warning", "discount_code_usage_limit_reached", param,
                    "Discount code '" + shown + "' has reached its usage limit."));
        }
        return messages;
    }

    private static List<QuoteMessage> outOfStockMessages(SessionState s, List<StockShortage> shortages) {
        List<QuoteMessage> messages = new ArrayList<>();
        List<PricedLine> lines = s.quote().lines();
        for (StockShortage shortage : shortages) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).itemId().equals(shortage.variantId())) {
                    messages.add(new QuoteMessage("error", "out_of_stock", "$.line_items[" + i + "]",
                            "Only " + shortage.available() + " of '" + lines.get(i).name()
                                    + "' left in stock; reduce the quantity or remove it."));
                }
            }
        }
        return messages;
    }
}
