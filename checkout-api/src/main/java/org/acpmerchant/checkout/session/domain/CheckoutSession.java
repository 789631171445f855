package org.acpmerchant.checkout.session.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CancelCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CompleteCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CreateCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.ExpireCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.FailCompletion;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.MarkCheckoutSessionCompleted;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordOrderRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentAuthorized;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordStockRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordStockReserved;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestOrder;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestPayment;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestPaymentVoid;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestStockRelease;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestStockReservation;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.UpdateCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AffiliateAttributionRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AuthenticationProvided;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.IntentTraceRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.MarketingConsentsRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCanceled;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCompleted;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionExpired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionUpdated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentAuthorized;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionRequested;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockReserved;
import org.acpmerchant.checkout.session.api.SessionModel.Address;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionRuleViolation.Kind;
import org.acpmerchant.checkout.session.domain.SessionState.Attempt;
import org.acpmerchant.checkout.session.domain.SessionState.Stage;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.PaymentVoidRequested;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.quote.QuoteReply;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One ACP checkout session. Guards decide; {@link SessionEvolution} alone changes state. Commands recording what
 * other services did are idempotent: a fact for another attempt, or one already recorded, changes nothing.
 */
@Aggregate(snapshotTriggerDefinition = "checkoutSessionSnapshotTrigger", cache = "checkoutSessionCache")
public class CheckoutSession {

    @AggregateIdentifier
    private String id;

    private SessionState state;
    private PaymentCredential credential;
    private AuthenticationOutcome authentication;
    private int paymentRequests;
    private int authentications;
    private boolean lastTouchRecorded;

    protected CheckoutSession() {}

    @CommandHandler
    public CheckoutSession(CreateCheckoutSession c) {
        apply(new CheckoutSessionCreated(c.sessionId(), c.agentId(), c.inputs(), c.quote(), c.createdAt(), c.expiresAt()));
        if (c.attribution() != null) {
            apply(new AffiliateAttributionRecorded(c.sessionId(), "first", c.attribution(), c.createdAt()));
        }
    }

    @CommandHandler
    public void handle(UpdateCheckoutSession c) {
        requireModifiable();
        apply(new CheckoutSessionUpdated(id, c.inputs(), c.quote(), c.updatedAt()));
    }

    @CommandHandler
    public void handle(CancelCheckoutSession c) {
        SessionStatus status = state.status();
        if (status == SessionStatus.COMPLETED || status == SessionStatus.CANCELED) {
            throw new SessionRuleViolation(Kind.NOT_CANCELABLE, status, "Checkout session is already " + status.wire() + ".");
        }
        if (status == SessionStatus.COMPLETE_IN_PROGRESS) {
            throw new SessionRuleViolation(Kind.COMPLETION_IN_PROGRESS, status,
                    "Checkout session is being completed; retry after it settles.");
        }
        if (status == SessionStatus.EXPIRED) {
            throw new SessionRuleViolation(Kind.NOT_CANCELABLE, status, "Checkout session has expired.");
        }
        if (c.trace() != null) {
            apply(new IntentTraceRecorded(id, c.trace(), c.canceledAt()));
        }
        apply(new CheckoutSessionCanceled(id, c.reasonCode(), c.canceledAt()));
    }

    @CommandHandler
    public void handle(ExpireCheckoutSession c) {
        if (!state.lapsedAt(c.expiredAt())) {
            return;
        }
        apply(new CheckoutSessionExpired(id, c.expiredAt()));
    }

    /** Starts an attempt, continues one waiting on 3DS, or does nothing while one is in flight. */
    @CommandHandler
    public void handle(CompleteCheckoutSession c) {
        SessionStatus status = state.status();
        switch (status) {
            case COMPLETE_IN_PROGRESS -> {
                return;
            }
            case AUTHENTICATION_REQUIRED -> {
                if (c.authentication() == null) {
                    throw new SessionRuleViolation(Kind.AUTHENTICATION_REQUIRED, status,
                            "This checkout session requires issuer authentication. The request must include "
                                    + "'authentication_result' as provided by the issuer authentication flow.");
                }
                apply(new AuthenticationProvided(id, state.attempt().attemptId(), c.authentication(), c.requestedAt()));
                requestPayment(state.attempt().attemptId(), c.requestedAt());
                return;
            }
            case NOT_READY_FOR_PAYMENT -> throw new SessionRuleViolation(Kind.NOT_READY, status,
                    "Checkout session is not ready for payment; resolve its error messages first.");
            case COMPLETED, CANCELED, EXPIRED -> throw new SessionRuleViolation(Kind.NOT_MODIFIABLE, status,
                    "Checkout session is " + status.wire() + " and cannot be completed.");
            case READY_FOR_PAYMENT -> {
                if (c.attribution() != null && !lastTouchRecorded) {
                    apply(new AffiliateAttributionRecorded(id, "last", c.attribution(), c.requestedAt()));
                }
                if (!c.consents().isEmpty()) {
                    var buyer = c.buyer() != null ? c.buyer() : state.inputs().buyer();
                    apply(new MarketingConsentsRecorded(id, buyer == null ? null : buyer.customerId(), c.consents(),
                            c.requestedAt()));
                }
                apply(new CompletionRequested(id, c.attemptId(), c.reservationId(), c.paymentId(), c.orderId(),
                        state.total(), state.inputs().currency(), c.credential(), c.buyer(), c.requestedAt()));
                requestStockReservation(c.attemptId(), c.requestedAt());
            }
        }
    }


    @CommandHandler
    public void handle(RequestStockReservation c) {
        requestStockReservation(c.attemptId(), c.requestedAt());
    }

    /*
     * The forward steps of an attempt are taken by the aggregate itself, in the transaction of the fact that allows
     * them (ADR 0022): the saga only keeps the deadline and compensates. The Request* commands remain for the saga's
     * older instances and for tests; every step is guarded, so taking it twice changes nothing.
     */
    private void requestStockReservation(String attemptId, Instant requestedAt) {
        Attempt a = current(attemptId);
        if (a == null || a.stockRequested()) {
            return;
        }
        List<StockLine> lines = state.quote().lines().stream()
                .map(l -> new StockLine(l.itemId(), l.quantity()))
                .toList();
        List<String> codes = state.quote().discounts().stream()
                .map(QuoteReply.AppliedDiscount::code)
                .filter(java.util.Objects::nonNull)
                .toList();
        apply(new StockReservationRequested(a.reservationId(), id, a.attemptId(), lines, requestedAt, codes));
    }

    @CommandHandler
    public void handle(RequestPayment c) {
        requestPayment(c.attemptId(), c.requestedAt());
    }

    private void requestPayment(String attemptId, Instant requestedAt) {
        Attempt a = current(attemptId);
        // One payment request per attempt, and one more after each 3DS result.
        if (a == null || a.paymentAuthorized() || paymentRequests > authentications) {
            return;
        }
        apply(new PaymentRequested(a.paymentId(), id, a.attemptId(), a.amountMinor(), a.currency(),
                credential.handlerId(), credential.credentialType(), credential.token(), authentication,
                requestedAt));
    }

    @CommandHandler
    public void handle(RequestOrder c) {
        requestOrder(c.attemptId(), c.requestedAt());
    }

    private void requestOrder(String attemptId, Instant requestedAt) {
        Attempt a = current(attemptId);
        if (a == null || a.orderRequested() || !a.paymentAuthorized()) {
            return;
        }
        QuoteReply q = state.quote();
        List<OrderLine> lines = q.lines().stream()
                .map(l -> new OrderLine(l.lineId(), l.itemId(), l.name(), l.quantity(), l.unitAmount(), l.subtotal(),
                        l.tax(), l.total()))
                .toList();
        Map<String, Long> totals = new LinkedHashMap<>();
        q.totals().forEach(t -> totals.put(t.type(), t.amount()));
        var fulfillment = state.inputs().fulfillment();
        Address address = fulfillment == null ? null : fulfillment.address();
        String email = state.inputs().buyer() != null ? state.inputs().buyer().email()
                : fulfillment != null ? fulfillment.email() : null;
        var option = q.fulfillmentOptions().stream()
                .filter(o -> o.id().equals(q.selectedFulfillmentOptionId()))
                .findFirst();
        apply(new OrderRequested(a.orderId(), id, a.paymentId(), a.reservationId(), a.currency(), lines, totals, email,
                address == null ? null : new OrderAddress(address.name(), address.lineOne(), address.lineTwo(),
                        address.city(), address.state(), address.country(), address.postalCode()),
                option.map(QuoteReply.FulfillmentOptionQuote::type).orElse(null),
                option.map(QuoteReply.FulfillmentOptionQuote::title).orElse(null),
                requestedAt, option.map(o -> pickupLocation(o.pickup())).orElse(null)));
    }

    @CommandHandler
    public void handle(RequestStockRelease c) {
        Attempt a = attempt(c.attemptId());
        if (a != null && a.stockRequested()) {
            apply(new StockReleaseRequested(a.reservationId(), id, c.reason(), c.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(RequestPaymentVoid c) {
        Attempt a = attempt(c.attemptId());
        if (a != null && a.paymentRequested()) {
            apply(new PaymentVoidRequested(a.paymentId(), id, c.reason(), c.requestedAt()));
        }
    }

    @CommandHandler
    public void handle(RecordStockReserved c) {
        Attempt a = state.attempt();
        if (a != null && a.open() && a.reservationId().equals(c.reservationId()) && !a.stockHeld()) {
            apply(new CompletionStockReserved(id, a.attemptId(), c.reservationId(), c.at()));
            requestPayment(a.attemptId(), c.at());
        }
    }

    @CommandHandler
    public void handle(RecordStockRejected c) {
        Attempt a = state.attempt();
        if (a != null && a.open() && a.reservationId().equals(c.reservationId()) && !a.stockHeld()) {
            apply(new CompletionStockRejected(id, a.attemptId(), c.shortages(), c.at(), c.exhaustedDiscountCodes()));
        }
    }

    @CommandHandler
    public void handle(RecordPaymentAuthorized c) {
        Attempt a = byPayment(c.paymentId());
        if (a != null && !a.paymentAuthorized()) {
            apply(new CompletionPaymentAuthorized(id, a.attemptId(), c.paymentId(), c.at()));
            requestOrder(a.attemptId(), c.at());
        }
    }

    @CommandHandler
    public void handle(RecordPaymentDeclined c) {
        Attempt a = byPayment(c.paymentId());
        if (a != null && !a.paymentAuthorized()) {
            apply(new CompletionPaymentDeclined(id, a.attemptId(), c.paymentId(), c.code(), c.message(), c.at()));
        }
    }

    @CommandHandler
    public void handle(RecordAuthenticationRequired c) {
        Attempt a = byPayment(c.paymentId());
        if (a != null && a.stage() == Stage.PAYING) {
            apply(new CompletionAuthenticationRequired(id, a.attemptId(), c.paymentId(), c.at()));
        }
    }

    @CommandHandler
    public void handle(RecordPaymentFailed c) {
        Attempt a = byPayment(c.paymentId());
        if (a != null && !a.paymentAuthorized()) {
            apply(new CompletionPaymentFailed(id, a.attemptId(), c.paymentId(), c.reason(), c.at()));
        }
    }

    @CommandHandler
    public void handle(RecordOrderCreated c) {
        Attempt a = state.attempt();
        if (a != null && a.orderId().equals(c.orderId()) && state.order() == null) {
            apply(new CompletionOrderCreated(id, a.attemptId(), c.orderId(), c.permalinkUrl(), c.at()));
            markCompleted(a.attemptId(), c.at());
        }
    }

    @CommandHandler
    public void handle(RecordOrderRejected c) {
        Attempt a = state.attempt();
        if (a != null && a.open() && a.orderId().equals(c.orderId())) {
            apply(new CompletionOrderRejected(id, a.attemptId(), c.orderId(), c.reason(), c.at()));
        }
    }

    @CommandHandler
    public void handle(FailCompletion c) {
        Attempt a = current(c.attemptId());
        if (a != null && state.order() == null) {
            apply(new CompletionFailed(id, a.attemptId(), c.outcome(), c.detail(), c.at()));
        }
    }

    @CommandHandler
    public void handle(MarkCheckoutSessionCompleted c) {
        markCompleted(c.attemptId(), c.at());
    }

    private void markCompleted(String attemptId, Instant at) {
        Attempt a = attempt(attemptId);
        if (a != null && state.order() != null && state.status() != SessionStatus.COMPLETED) {
            apply(new CheckoutSessionCompleted(id, a.attemptId(), state.order().orderId(),
                    state.order().permalinkUrl(), at));
        }
    }

    @EventSourcingHandler
    void on(Object event) {
        if (event instanceof CheckoutSessionCreated created) {
            id = created.sessionId();
        }
        if (event instanceof CompletionRequested requested) {
            credential = requested.credential();
            authentication = null;
            paymentRequests = 0;
            authentications = 0;
        }
        if (event instanceof AuthenticationProvided provided) {
            authentication = provided.authentication();
            authentications++;
        }
        if (event instanceof PaymentRequested) {
            paymentRequests++;
        }
        if (event instanceof AffiliateAttributionRecorded recorded && "last".equals(recorded.touchpoint())) {
            lastTouchRecorded = true;
        }
        state = SessionEvolution.evolve(state, event);
    }

    private static OrderRequested.PickupLocation pickupLocation(QuoteReply.PickupDetails p) {
        if (p == null) {
            return null;
        }
        var a = p.address();
        return new OrderRequested.PickupLocation(p.locationId(), p.name(), a == null ? null
                : new OrderAddress(a.name() != null ? a.name() : p.name(), a.lineOne(), a.lineTwo(), a.city(),
                        a.state(), a.country(), a.postalCode()), p.phone(), p.instructions());
    }

    private void requireModifiable() {
        SessionStatus status = state.status();
        if (status.terminal()) {
            throw new SessionRuleViolation(Kind.NOT_MODIFIABLE, status,
                    "Checkout session is " + status.wire() + " and cannot be updated.");
        }
        if (status == SessionStatus.COMPLETE_IN_PROGRESS || status == SessionStatus.AUTHENTICATION_REQUIRED) {
            throw new SessionRuleViolation(Kind.COMPLETION_IN_PROGRESS, status,
                    "Checkout session is being completed and cannot be updated.");
        }
    }

    private Attempt current(String attemptId) {
        Attempt a = attempt(attemptId);
        return a != null && a.open() ? a : null;
    }

    private Attempt attempt(String attemptId) {
        Attempt a = state.attempt();
        return a != null && a.attemptId().equals(attemptId) ? a : null;
    }

    private Attempt byPayment(String paymentId) {
        Attempt a = state.attempt();
        return a != null && a.open() && a.paymentId().equals(paymentId) ? a : null;
    }
}
