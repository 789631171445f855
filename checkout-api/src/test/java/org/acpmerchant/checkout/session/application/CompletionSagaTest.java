package org.acpmerchant.checkout.session.application;

import static org.acpmerchant.checkout.session.Fixtures.CARD;
import static org.acpmerchant.checkout.session.Fixtures.SESSION;
import static org.acpmerchant.checkout.session.Fixtures.T0;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.*;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.*;
import org.acpmerchant.checkout.session.api.CompletionOutcome;
import org.acpmerchant.checkout.session.application.CompletionSaga.CompletionTimeouts;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.pricing.StockShortage;
import org.axonframework.test.saga.FixtureConfiguration;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompletionSagaTest {

    private static final Duration COMPLETION = Duration.ofMinutes(2);
    private static final Duration AUTHENTICATION = Duration.ofMinutes(15);

    private FixtureConfiguration fixture;
    private final CompletionRequested requested = new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1",
            5863, "usd", CARD, null, T0);

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(CompletionSaga.class);
        fixture.registerResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerResource(new CompletionTimeouts(COMPLETION, AUTHENTICATION));
    }

    @Test
    void start_schedulesTheDeadline_theSessionReservesStockItself() {
        fixture.givenNoPriorActivity()
                .whenAggregate(SESSION).publishes(requested)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(COMPLETION, CompletionSaga.COMPLETION_DEADLINE);
    }

    @Test
    void stockReserved_isTheSessionsOwnStep() {
        fixture.givenAggregate(SESSION).published(requested)
                .whenAggregate(SESSION).publishes(new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void stockRejected_failsTheAttempt_withoutCompensation() {
        fixture.givenAggregate(SESSION).published(requested)
                .whenAggregate(SESSION).publishes(new CompletionStockRejected(SESSION, "att_1",
                        List.of(new StockShortage("shirt-m", 2, 0)), T0))
                .expectDispatchedCommands(new FailCompletion(SESSION, "att_1", CompletionOutcome.OUT_OF_STOCK,
                        "stock unavailable", T0))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void paymentAuthorized_isTheSessionsOwnStep() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void paymentDeclined_releasesStock_andFails() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionPaymentDeclined(SESSION, "att_1", "pay_1",
                        "card_declined", "Declined", T0))
                .expectDispatchedCommands(
                        new RequestStockRelease(SESSION, "att_1", "payment_declined", T0),
                        new FailCompletion(SESSION, "att_1", CompletionOutcome.PAYMENT_DECLINED, "card_declined", T0))
                .expectActiveSagas(0);
    }

    @Test
    void paymentFailed_releasesStock_andFails() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionPaymentFailed(SESSION, "att_1", "pay_1", "stripe down", T0))
                .expectDispatchedCommands(
                        new RequestStockRelease(SESSION, "att_1", "payment_failed", T0),
                        new FailCompletion(SESSION, "att_1", CompletionOutcome.PAYMENT_FAILED, "stripe down", T0))
                .expectActiveSagas(0);
    }

    @Test
    void authenticationRequired_waitsLonger_thenTheResultRestoresTheDeadline() {
        var auth = new AuthenticationOutcome("authenticated", "05", "AAAA", "ds", "2.2.0");
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(AUTHENTICATION, CompletionSaga.COMPLETION_DEADLINE);
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0),
                        new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0))
                .whenAggregate(SESSION).publishes(new AuthenticationProvided(SESSION, "att_1", auth, T0))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(COMPLETION, CompletionSaga.COMPLETION_DEADLINE);
    }

    @Test
    void orderCreated_completesTheSession_andEnds() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0),
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionOrderCreated(SESSION, "att_1", "ord_1", "https://x", T0))
                .expectDispatchedCommands(new MarkCheckoutSessionCompleted(SESSION, "att_1", T0))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void orderRejected_voidsPayment_releasesStock_andFails() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0),
                        new CompletionPaymentAuthorized(SESSION, "att_1", "pay_1", T0))
                .whenAggregate(SESSION).publishes(new CompletionOrderRejected(SESSION, "att_1", "ord_1", "no lines", T0))
                .expectDispatchedCommands(
                        new RequestPaymentVoid(SESSION, "att_1", "order_rejected", T0),
                        new RequestStockRelease(SESSION, "att_1", "order_rejected", T0),
                        new FailCompletion(SESSION, "att_1", CompletionOutcome.ORDER_FAILED, "no lines", T0))
                .expectActiveSagas(0);
    }

    @Test
    void deadline_beforePayment_asksToVoidAndRelease_theSessionVoidsOnlyWhatItRequested() {
        fixture.givenAggregate(SESSION).published(requested)
                .whenTimeElapses(COMPLETION.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(CompletionSaga.COMPLETION_DEADLINE)
                .expectDispatchedCommands(
                        new RequestPaymentVoid(SESSION, "att_1", "completion_timed_out", T0),
                        new RequestStockRelease(SESSION, "att_1", "completion_timed_out", T0),
                        new FailCompletion(SESSION, "att_1", CompletionOutcome.TIMED_OUT, "completion timed out", T0))
                .expectActiveSagas(0);
    }

    @Test
    void deadline_afterPaymentRequested_voidsAndReleases() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0))
                .whenTimeElapses(COMPLETION.plusSeconds(1))
                .expectDispatchedCommands(
                        new RequestPaymentVoid(SESSION, "att_1", "completion_timed_out", T0),
                        new RequestStockRelease(SESSION, "att_1", "completion_timed_out", T0),
                        new FailCompletion(SESSION, "att_1", CompletionOutcome.TIMED_OUT, "completion timed out", T0));
    }

    @Test
    void cancelWhileAwaitingAuthentication_compensates() {
        fixture.givenAggregate(SESSION).published(requested, new CompletionStockReserved(SESSION, "att_1", "res_1", T0),
                        new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0))
                .whenAggregate(SESSION).publishes(new CheckoutSessionCanceled(SESSION, "other", T0))
                .expectDispatchedCommands(
                        new RequestPaymentVoid(SESSION, "att_1", "session_canceled", T0),
                        new RequestStockRelease(SESSION, "att_1", "session_canceled", T0))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
