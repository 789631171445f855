package org.acpmerchant.checkout.session.domain;

import static org.acpmerchant.checkout.session.Fixtures.CARD;
import static org.acpmerchant.checkout.session.Fixtures.SESSION;
import static org.acpmerchant.checkout.session.Fixtures.T0;
import static org.acpmerchant.checkout.session.Fixtures.inputs;
import static org.acpmerchant.checkout.session.Fixtures.outOfStockQuote;
import static org.acpmerchant.checkout.session.Fixtures.payableQuote;

import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.*;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.*;
import org.acpmerchant.checkout.session.api.CompletionOutcome;
import org.acpmerchant.checkout.session.api.SessionModel;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.PaymentVoidRequested;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.checkout.OrderRequested;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckoutSessionTest {

    private FixtureConfiguration<CheckoutSession> fixture;

    private final CheckoutSessionCreated created =
            new CheckoutSessionCreated(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(1800));
    private final CompletionRequested requested = new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1",
            5863, "usd", CARD, null, T0);
    private final StockReservationRequested reservation = new StockReservationRequested("res_1", SESSION, "att_1",
            List.of(new StockLine("shirt-m", 2)), T0);
    private final CompletionStockReserved reserved = new CompletionStockReserved(SESSION, "att_1", "res_1", T0);
    private final PaymentRequested payment = new PaymentRequested("pay_1", SESSION, "att_1", 5863, "usd",
            "card_tokenized", "spt", "spt_test_success", null, T0);
    private final CompletionAuthenticationRequired authRequired =
            new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CheckoutSession.class);
    }

    @Test
    void create_recordsInputsAndQuote() {
        fixture.givenNoPriorActivity()
                .when(new CreateCheckoutSession(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(1800)))
                .expectEvents(created);
    }

    @Test
    void create_withAttribution_recordsTheFirstTouchpoint() {
        var attribution = new SessionModel.Attribution("impact.com", "tok", "pub_1", null, null, null, null, null,
                null, null, null);
        fixture.givenNoPriorActivity()
                .when(new CreateCheckoutSession(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(1800),
                        attribution))
                .expectEvents(created, new AffiliateAttributionRecorded(SESSION, "first", attribution, T0));
    }

    @Test
    void complete_recordsTheLastTouchpointOnce_andTheConsents() {
        var first = new SessionModel.Attribution("impact.com", null, "pub_a", null, null, null, null, null, null,
                null, null);
        var second = new SessionModel.Attribution("impact.com", null, "pub_b", null, null, null, null, null, null,
                null, null);
        var consents = List.of(new SessionModel.MarketingConsent("email", "jo@example.com", true));
        fixture.given(created)
                .when(new CompleteCheckoutSession(SESSION, "att_1", "res_1", "pay_1", "ord_1", CARD, null, null, T0,
                        first, consents))
                .expectEvents(new AffiliateAttributionRecorded(SESSION, "last", first, T0),
                        new MarketingConsentsRecorded(SESSION, null, consents, T0),
                        new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1", 5863, "usd", CARD, null,
                                T0),
                        reservation);
        // A later attempt (after a decline) does not replace the last touchpoint already recorded.
        fixture.given(created, new AffiliateAttributionRecorded(SESSION, "last", first, T0))
                .when(new CompleteCheckoutSession(SESSION, "att_2", "res_2", "pay_2", "ord_2", CARD, null, null, T0,
                        second, List.of()))
                .expectEvents(new CompletionRequested(SESSION, "att_2", "res_2", "pay_2", "ord_2", 5863, "usd", CARD,
                        null, T0), reservationOf("att_2", "res_2"));
    }

    @Test
    void cancel_withIntentTrace_recordsItBeforeTheCancellation() {
        var trace = new SessionModel.IntentTrace("shipping_cost", "too expensive", "{\"a\":1}");
        fixture.given(created)
                .when(new CancelCheckoutSession(SESSION, "shipping_cost", T0, trace))
                .expectEvents(new IntentTraceRecorded(SESSION, trace, T0),
                        new CheckoutSessionCanceled(SESSION, "shipping_cost", T0));
    }

    @Test
    void reservationRefusedForAnExhaustedCode_isRecordedWithTheCodes() {
        fixture.given(created, requested, reservation)
                .when(new RecordStockRejected(SESSION, "res_1", List.of(), T0, List.of("save10")))
                .expectEvents(new CompletionStockRejected(SESSION, "att_1", List.of(), T0, List.of("save10")));
    }

    @Test
    void update_isRefused_forCompletedSession() {
        fixture.given(created, new CheckoutSessionCompleted(SESSION, "att_1", "ord_1", "https://x/ord_1", T0))
                .when(new UpdateCheckoutSession(SESSION, inputs(), payableQuote(), T0))
                .expectException(SessionRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void update_isRefused_whileCompletionInProgress() {
        fixture.given(created, requested)
                .when(new UpdateCheckoutSession(SESSION, inputs(), payableQuote(), T0))
                .expectException(SessionRuleViolation.class);
    }

    @Test
    void complete_startsAttempt_andReservesTheQuotedStock_inOneStep() {
        fixture.given(created)
                .when(new CompleteCheckoutSession(SESSION, "att_1", "res_1", "pay_1", "ord_1", CARD, null, null, T0))
                .expectEvents(requested, reservation);
    }

    @Test
    void eachFactOfTheAttempt_takesTheNextStep_inTheSameTransaction() {
        fixture.given(created, requested, reservation)
                .when(new RecordStockReserved(SESSION, "res_1", T0))
                .expectEvents(reserved, payment);
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RecordPaymentAuthorized(SESSION, "pay_1", T0))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.equalTo(new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(OrderRequested.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
        fixture.given(created, requested, reservation, reserved, payment,
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .when(new RecordOrderCreated(SESSION, "ord_1", "https://x/ord_1", T0))
                .expectEvents(new CompletionOrderCreated(SESSION, "att_1", "ord_1", "https://x/ord_1", T0),
                        new CheckoutSessionCompleted(SESSION, "att_1", "ord_1", "https://x/ord_1", T0));
        // The saga's older commands for the same steps change nothing now.
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RequestPayment(SESSION, "att_1", T0))
                .expectNoEvents();
    }

    @Test
    void complete_isRefused_forSessionNotReady() {
        fixture.given(new CheckoutSessionCreated(SESSION, "chatgpt", inputs(), outOfStockQuote(), T0, T0.plusSeconds(60)))
                .when(new CompleteCheckoutSession(SESSION, "att_1", "res_1", "pay_1", "ord_1", CARD, null, null, T0))
                .expectException(SessionRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void complete_doesNothing_whenAnAttemptIsInFlight() {
        fixture.given(created, requested)
                .when(new CompleteCheckoutSession(SESSION, "att_2", "res_2", "pay_2", "ord_2", CARD, null, null, T0))
                .expectNoEvents();
    }

    @Test
    void complete_requiresAuthenticationResult_whenAuthenticationRequired() {
        fixture.given(created, requested, reservation, reserved, payment, authRequired)
                .when(new CompleteCheckoutSession(SESSION, "att_2", "res_2", "pay_2", "ord_2", CARD, null, null, T0))
                .expectException(SessionRuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("authentication_result"));
    }

    @Test
    void complete_withAuthenticationResult_continuesTheSameAttempt() {
        var auth = new AuthenticationOutcome("authenticated", "05", "AAAA", "ds_1", "2.2.0");
        fixture.given(created, requested, reservation, reserved, payment, authRequired)
                .when(new CompleteCheckoutSession(SESSION, "att_2", "res_2", "pay_2", "ord_2", CARD, null, auth, T0))
                .expectEvents(new AuthenticationProvided(SESSION, "att_1", auth, T0),
                        new PaymentRequested("pay_1", SESSION, "att_1", 5863, "usd", "card_tokenized", "spt",
                                "spt_test_success", auth, T0));
    }

    @Test
    void requestPayment_afterAuthentication_carriesTheResult_once() {
        var auth = new AuthenticationOutcome("authenticated", "05", "AAAA", "ds_1", "2.2.0");
        fixture.given(created, requested, reservation, reserved, payment, authRequired,
                        new AuthenticationProvided(SESSION, "att_1", auth, T0))
                .when(new RequestPayment(SESSION, "att_1", T0))
                .expectEvents(new PaymentRequested("pay_1", SESSION, "att_1", 5863, "usd", "card_tokenized", "spt",
                        "spt_test_success", auth, T0));
    }

    @Test
    void requestStockReservation_publishesTheQuotedLines_once() {
        fixture.given(created, requested)
                .when(new RequestStockReservation(SESSION, "att_1", T0))
                .expectEvents(reservation);
        fixture.given(created, requested, reservation)
                .when(new RequestStockReservation(SESSION, "att_1", T0))
                .expectNoEvents();
    }

    @Test
    void requestPayment_isIdempotent() {
        fixture.given(created, requested, reservation, reserved)
                .when(new RequestPayment(SESSION, "att_1", T0))
                .expectEvents(payment);
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RequestPayment(SESSION, "att_1", T0))
                .expectNoEvents();
    }

    @Test
    void recordStockReserved_ignoresOtherReservations_andDuplicates() {
        fixture.given(created, requested, reservation)
                .when(new RecordStockReserved(SESSION, "res_other", T0))
                .expectNoEvents();
        fixture.given(created, requested, reservation, reserved)
                .when(new RecordStockReserved(SESSION, "res_1", T0))
                .expectNoEvents();
    }

    @Test
    void recordPaymentDeclined_thenFailCompletion_leavesSessionPayable() {
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RecordPaymentDeclined(SESSION, "pay_1", "card_declined", "Your card was declined.", T0))
                .expectEvents(new CompletionPaymentDeclined(SESSION, "att_1", "pay_1", "card_declined",
                        "Your card was declined.", T0));
        fixture.given(created, requested, reservation, reserved, payment,
                        new CompletionPaymentDeclined(SESSION, "att_1", "pay_1", "card_declined", "Your card was declined.", T0),
                        new CompletionFailed(SESSION, "att_1", CompletionOutcome.PAYMENT_DECLINED, "card_declined", T0))
                .when(new CompleteCheckoutSession(SESSION, "att_2", "res_2", "pay_2", "ord_2", CARD, null, null, T0))
                .expectEvents(new CompletionRequested(SESSION, "att_2", "res_2", "pay_2", "ord_2", 5863, "usd", CARD,
                        null, T0), reservationOf("att_2", "res_2"));
    }

    private static StockReservationRequested reservationOf(String attemptId, String reservationId) {
        return new StockReservationRequested(reservationId, SESSION, attemptId, List.of(new StockLine("shirt-m", 2)), T0);
    }

    @Test
    void requestOrder_onlyAfterAuthorization() {
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RequestOrder(SESSION, "att_1", T0))
                .expectNoEvents();
        fixture.given(created, requested, reservation, reserved, payment,
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .when(new RequestOrder(SESSION, "att_1", T0))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(OrderRequested.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void compensations_followWhatWasRequested() {
        fixture.given(created, requested)
                .when(new RequestStockRelease(SESSION, "att_1", "timeout", T0))
                .expectNoEvents();
        fixture.given(created, requested, reservation, reserved, payment)
                .when(new RequestPaymentVoid(SESSION, "att_1", "timeout", T0))
                .expectEvents(new PaymentVoidRequested("pay_1", SESSION, "timeout", T0));
        fixture.given(created, requested, reservation)
                .when(new RequestStockRelease(SESSION, "att_1", "timeout", T0))
                .expectEvents(new StockReleaseRequested("res_1", SESSION, "timeout", T0));
    }

    @Test
    void markCompleted_needsTheOrder() {
        fixture.given(created, requested, reservation, reserved, payment,
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .when(new MarkCheckoutSessionCompleted(SESSION, "att_1", T0))
                .expectNoEvents();
        fixture.given(created, requested, reservation, reserved, payment,
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0),
                        new CompletionOrderCreated(SESSION, "att_1", "ord_1", "https://x/ord_1", T0))
                .when(new MarkCheckoutSessionCompleted(SESSION, "att_1", T0))
                .expectEvents(new CheckoutSessionCompleted(SESSION, "att_1", "ord_1", "https://x/ord_1", T0));
    }

    @Test
    void cancel_isRefused_forCanceledSession_andAllowed_whileAwaitingAuthentication() {
        fixture.given(created, new CheckoutSessionCanceled(SESSION, null, T0))
                .when(new CancelCheckoutSession(SESSION, null, T0))
                .expectException(SessionRuleViolation.class);
        fixture.given(created, requested, reservation, reserved, payment, authRequired)
                .when(new CancelCheckoutSession(SESSION, "other", T0))
                .expectEvents(new CheckoutSessionCanceled(SESSION, "other", T0));
    }

    @Test
    void expire_onlyOnceDue_andNeverDuringCompletion() {
        fixture.given(created)
                .when(new ExpireCheckoutSession(SESSION, T0.plusSeconds(10)))
                .expectNoEvents();
        fixture.given(created)
                .when(new ExpireCheckoutSession(SESSION, T0.plusSeconds(1800)))
                .expectEvents(new CheckoutSessionExpired(SESSION, T0.plusSeconds(1800)));
        fixture.given(created, requested)
                .when(new ExpireCheckoutSession(SESSION, T0.plusSeconds(3600)))
                .expectNoEvents();
    }
}
