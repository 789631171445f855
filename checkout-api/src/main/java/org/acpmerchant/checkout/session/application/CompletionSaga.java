package org.acpmerchant.checkout.session.application;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Clock;
import java.time.Duration;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.FailCompletion;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.MarkCheckoutSessionCompleted;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestPaymentVoid;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RequestStockRelease;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AuthenticationProvided;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCanceled;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionExpired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionRequested;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockRejected;
import org.acpmerchant.checkout.session.api.CompletionOutcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Keeps the deadline of one completion attempt and compensates when it fails. The forward steps are taken by the
 * {@code CheckoutSession} itself, each in the transaction of the fact that allows it (ADR 0022); the saga hears of them
 * and acts only on failures, on 3DS (the deadline extends) and at the end.
 * <ol>
 *   <li>reserve stock (pricing) — rejected: the session is not ready for payment, with {@code out_of_stock};</li>
 *   <li>authorize the delegated token (payment) — declined or failed: release the stock, session payable again
 *       with {@code payment_declined}; 3DS required: wait for the agent's {@code authentication_result}
 *       ({@code authentication-timeout});</li>
 *   <li>create the order (order) — rejected: void the payment, release the stock;</li>
 *   <li>mark the session completed with the order (payment captures and pricing commits on {@code OrderCreated}).</li>
 * </ol>
 * The deadline {@value #COMPLETION_DEADLINE} bounds the whole attempt: past it, void, release and fail. A cancel
 * of the session while waiting for 3DS compensates the same way.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CompletionSaga {

    static final String COMPLETION_DEADLINE = "completion-deadline";

    @Autowired
    private transient CommandGateway commands;

    @Autowired
    private transient DeadlineManager deadlines;

    @Autowired
    private transient Clock clock;

    @Autowired
    private transient CompletionTimeouts timeouts;

    private String sessionId;
    private String attemptId;
    private String deadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionRequested event) {
        sessionId = event.sessionId();
        attemptId = event.attemptId();
        SagaLifecycle.associateWith("sessionId", sessionId);
        deadlineId = deadlines.schedule(timeouts.completion(), COMPLETION_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionStockRejected event) {
        fail(CompletionOutcome.OUT_OF_STOCK, "stock unavailable");
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionPaymentDeclined event) {
        releaseStock("payment_declined");
        fail(CompletionOutcome.PAYMENT_DECLINED, event.code());
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionPaymentFailed event) {
        releaseStock("payment_failed");
        fail(CompletionOutcome.PAYMENT_FAILED, event.reason());
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionAuthenticationRequired event) {
        reschedule(timeouts.authentication());
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(AuthenticationProvided event) {
        reschedule(timeouts.completion());
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionOrderCreated event) {
        deadlines.cancelSchedule(COMPLETION_DEADLINE, deadlineId);
        commands.sendAndWait(new MarkCheckoutSessionCompleted(sessionId, attemptId, clock.instant()));
        SagaLifecycle.end();
    }

    @SagaEventHandler(associationProperty = "attemptId")
    public void on(CompletionOrderRejected event) {
        voidPayment("order_rejected");
        releaseStock("order_rejected");
        fail(CompletionOutcome.ORDER_FAILED, event.reason());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "sessionId")
    public void on(CheckoutSessionCanceled event) {
        abandon("session_canceled");
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "sessionId")
    public void on(CheckoutSessionExpired event) {
        abandon("session_expired");
    }

    private void abandon(String reason) {
        deadlines.cancelSchedule(COMPLETION_DEADLINE, deadlineId);
        voidPayment(reason);
        releaseStock(reason);
    }

    @DeadlineHandler(deadlineName = COMPLETION_DEADLINE)
    public void onDeadline() {
        voidPayment("completion_timed_out");
        releaseStock("completion_timed_out");
        fail(CompletionOutcome.TIMED_OUT, "completion timed out");
    }

    private void releaseStock(String reason) {
        commands.sendAndWait(new RequestStockRelease(sessionId, attemptId, reason, clock.instant()));
    }

    /** The session voids only a payment it requested; asking is always safe. */
    private void voidPayment(String reason) {
        commands.sendAndWait(new RequestPaymentVoid(sessionId, attemptId, reason, clock.instant()));
    }

    private void reschedule(Duration after) {
        deadlines.cancelSchedule(COMPLETION_DEADLINE, deadlineId);
        deadlineId = deadlines.schedule(after, COMPLETION_DEADLINE);
    }

    private void fail(CompletionOutcome outcome, String detail) {
        deadlines.cancelSchedule(COMPLETION_DEADLINE, deadlineId);
        commands.sendAndWait(new FailCompletion(sessionId, attemptId, outcome, detail, clock.instant()));
        SagaLifecycle.end();
    }

    /** How long an attempt may take, and how long the agent has to come back with a 3DS result. */
    public record CompletionTimeouts(Duration completion, Duration authentication) {}
}
