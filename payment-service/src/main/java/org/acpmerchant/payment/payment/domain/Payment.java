package org.acpmerchant.payment.payment.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.Set;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentFailed;
import org.acpmerchant.events.payment.PaymentVoided;
import org.acpmerchant.payment.payment.api.PaymentCommand.CapturePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcilePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.RequestPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.VoidPayment;
import org.acpmerchant.payment.payment.api.PaymentEvent.OrphanedAuthorizationReleased;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentAuthenticationSubmitted;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentCaptureFailed;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentInitiated;
import org.acpmerchant.payment.payment.application.PaymentGateway;
import org.acpmerchant.payment.payment.application.PaymentGateway.AuthorizationRequest;
import org.acpmerchant.payment.payment.application.PaymentGateway.AuthorizationResult;
import org.acpmerchant.payment.payment.application.PaymentGateway.OperationResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One payment of one checkout session, from request to capture or release. Authorize first, capture once the order
 * exists (ADR 0005). Every handler is idempotent: a repeated or redelivered command in a state that already answered
 * it changes nothing. The PSP is called inside the handler through {@link PaymentGateway}, whose calls are idempotent
 * per payment and step, so a handler that fails after the PSP answered can simply run again.
 */
@Aggregate
public class Payment {

    static final Set<String> SUCCESSFUL_AUTHENTICATION = Set.of("authenticated", "attempt_acknowledged", "informational");

    @AggregateIdentifier
    private String paymentId;

    private String sessionId;
    private String attemptId;
    private long amountMinor;
    private String currency;
    private PaymentStatus status;
    private String providerReference;
    private boolean orphanReleased;

    protected Payment() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestPayment command, PaymentGateway gateway) {
        if (status == null) {
            apply(new PaymentInitiated(command.paymentId(), command.sessionId(), command.attemptId(),
                    command.amountMinor(), command.currency(), command.handlerId(), command.now()));
            record(gateway.authorize(new AuthorizationRequest(command.paymentId(), command.sessionId(),
                    command.attemptId(), command.amountMinor(), command.currency(), command.credentialToken(),
                    command.authentication())), command.now());
            return;
        }
        if (status != PaymentStatus.AUTHENTICATION_REQUIRED || command.authentication() == null) {
            return;
        }
        if (command.amountMinor() != amountMinor || !currency.equals(command.currency())) {
            throw new PaymentRequestMismatchException(paymentId);
        }
        AuthenticationOutcome authentication = command.authentication();
        apply(new PaymentAuthenticationSubmitted(paymentId, command.attemptId(), authentication.outcome(), command.now()));
        if (!SUCCESSFUL_AUTHENTICATION.contains(authentication.outcome())) {
            gateway.voidAuthorization(paymentId, providerReference);
            apply(new PaymentDeclined(paymentId, sessionId, attemptId, "authentication_failed",
                    "The card issuer could not authenticate the buyer.", command.now()));
            return;
        }
        record(gateway.completeAuthentication(paymentId, attemptId, providerReference, authentication), command.now());
    }

    @CommandHandler
    public void handle(CapturePayment command, PaymentGateway gateway) {
        if (status == PaymentStatus.CAPTURED) {
            return;
        }
        if (status != PaymentStatus.AUTHORIZED && status != PaymentStatus.CAPTURE_FAILED) {
            throw new PaymentNotCapturableException(paymentId, status);
        }
        if (command.amountMinor() > amountMinor || !currency.equals(command.currency())) {
            throw new CaptureExceedsAuthorizationException(
                    paymentId, amountMinor, command.amountMinor(), command.currency());
        }
        OperationResult result = gateway.capture(paymentId, providerReference, command.amountMinor());
        if (result instanceof OperationResult.Failed failed) {
            apply(new PaymentCaptureFailed(paymentId, command.orderId(), failed.reason(), command.now()));
        } else {
            apply(new PaymentCaptured(
                    paymentId, sessionId, command.orderId(), command.amountMinor(), currency, command.now()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(VoidPayment command, PaymentGateway gateway) {
        if (status == null) {
            apply(new PaymentVoided(command.paymentId(), command.sessionId(), command.reason(), command.now()));
            return;
        }
        switch (status) {
            case VOIDED -> {}
            case CAPTURED -> throw new PaymentAlreadyCapturedException(paymentId);
            case AUTHORIZED, AUTHENTICATION_REQUIRED, CAPTURE_FAILED -> {
                if (gateway.voidAuthorization(paymentId, providerReference) instanceof OperationResult.Failed failed) {
                    throw new PaymentProviderUnavailableException(paymentId, failed.reason());
                }
                apply(new PaymentVoided(paymentId, sessionId, command.reason(), command.now()));
            }
            default -> apply(new PaymentVoided(paymentId, sessionId, command.reason(), command.now()));
        }
    }

    @CommandHandler
    public void handle(ReconcilePayment command, PaymentGateway gateway) {
        switch (command.providerStatus()) {
            case CANCELED -> {
                if (status == PaymentStatus.AUTHORIZED || status == PaymentStatus.AUTHENTICATION_REQUIRED) {
                    apply(new PaymentVoided(paymentId, sessionId, "canceled at the payment provider", command.now()));
                }
            }
            case FAILED -> {
                if (status == PaymentStatus.AUTHENTICATION_REQUIRED) {
                    apply(new PaymentDeclined(paymentId, sessionId, attemptId,
                            command.failureCode() == null ? "payment_failed" : command.failureCode(),
                            "The payment could not be completed.", command.now()));
                }
            }
            case AUTHORIZED -> {
                boolean givenUp = status == PaymentStatus.FAILED || status == PaymentStatus.DECLINED
                        || (status == PaymentStatus.VOIDED && providerReference == null);
                if (givenUp && !orphanReleased) {
                    if (gateway.voidAuthorization(paymentId, command.providerReference())
                            instanceof OperationResult.Failed failed) {
                        throw new PaymentProviderUnavailableException(paymentId, failed.reason());
                    }
                    apply(new OrphanedAuthorizationReleased(paymentId, command.providerReference(), command.now()));
                }
            }
            case SUCCEEDED -> {}
        }
    }

    private void record(AuthorizationResult result, Instant now) {
        if (result instanceof AuthorizationResult.Authorized authorized) {
            apply(new PaymentAuthorized(paymentId, sessionId, attemptId, amountMinor, currency,
                    authorized.providerReference(), now));
        } else if (result instanceof AuthorizationResult.AuthenticationRequired required) {
            apply(new PaymentAuthenticationRequired(paymentId, sessionId, attemptId, required.providerReference(), now));
        } else if (result instanceof AuthorizationResult.Declined declined) {
            apply(new PaymentDeclined(paymentId, sessionId, attemptId, declined.code(), declined.message(), now));
        } else if (result instanceof AuthorizationResult.Failed failed) {
            apply(new PaymentFailed(paymentId, sessionId, attemptId, failed.reason(), now));
        }
    }

    @EventSourcingHandler
    void on(PaymentInitiated event) {
        paymentId = event.paymentId();
        sessionId = event.sessionId();
        attemptId = event.attemptId();
        amountMinor = event.amountMinor();
        currency = event.currency();
        status = PaymentStatus.INITIATED;
    }

    @EventSourcingHandler
    void on(PaymentAuthenticationSubmitted event) {
        attemptId = event.attemptId();
    }

    @EventSourcingHandler
    void on(PaymentAuthenticationRequired event) {
        providerReference = event.providerReference();
        status = PaymentStatus.AUTHENTICATION_REQUIRED;
    }

    @EventSourcingHandler
    void on(PaymentAuthorized event) {
        providerReference = event.providerReference();
        status = PaymentStatus.AUTHORIZED;
    }

    @EventSourcingHandler
    void on(PaymentDeclined event) {
        status = PaymentStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentFailed event) {
        status = PaymentStatus.FAILED;
    }

    @EventSourcingHandler
    void on(PaymentCaptured event) {
        status = PaymentStatus.CAPTURED;
    }

    @EventSourcingHandler
    void on(PaymentCaptureFailed event) {
        status = PaymentStatus.CAPTURE_FAILED;
    }

    @EventSourcingHandler
    void on(PaymentVoided event) {
        paymentId = event.paymentId();
        sessionId = event.sessionId();
        status = PaymentStatus.VOIDED;
    }

    @EventSourcingHandler
    void on(OrphanedAuthorizationReleased event) {
        orphanReleased = true;
    }
}
