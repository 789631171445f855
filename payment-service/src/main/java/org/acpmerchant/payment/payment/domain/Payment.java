package org.acpmerchant.payment.payment.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentFailed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.events.payment.PaymentVoided;
import org.acpmerchant.payment.payment.api.PaymentCommand.CancelPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.CapturePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcilePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcileRefunds;
import org.acpmerchant.payment.payment.api.PaymentCommand.RecordDispute;
import org.acpmerchant.payment.payment.api.PaymentCommand.RefundPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.RequestPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.VoidPayment;
import org.acpmerchant.payment.payment.api.PaymentEvent;
import org.acpmerchant.payment.payment.api.PaymentEvent.OrphanedAuthorizationReleased;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentAuthenticationSubmitted;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentInitiated;
import org.acpmerchant.payment.payment.api.PaymentEvent.RefundInitiated;
import org.acpmerchant.payment.payment.domain.PaymentGateway.AuthorizationRequest;
import org.acpmerchant.payment.payment.domain.PaymentGateway.AuthorizationResult;
import org.acpmerchant.payment.payment.domain.PaymentGateway.OperationResult;
import org.acpmerchant.payment.payment.domain.PaymentGateway.ProviderRefund;
import org.acpmerchant.payment.payment.domain.PaymentGateway.RefundResult;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One payment of one checkout session, from request to capture or release, then refunds and disputes. Authorize
 * first, capture once the order exists (ADR 0005); refunds never exceed what was captured minus what is refunded or
 * pending (ADR 0012). Every handler is idempotent: a repeated or redelivered command in a state that already answered
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
    private String orderId;
    private long capturedMinor;
    private long refundedMinor;
    private final Map<String, PendingRefund> pendingRefunds = new HashMap<>();
    private final Set<String> settledRefunds = new HashSet<>();
    private final Set<String> providerRefunds = new HashSet<>();
    private final Map<String, String> disputes = new HashMap<>();

    private record PendingRefund(String orderId, long amountMinor) {}

    protected Payment() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RequestPayment command, PaymentGateway gateway, CredentialRegistry credentials) {
        if (status == null) {
            apply(new PaymentInitiated(command.paymentId(), command.sessionId(), command.attemptId(),
                    command.amountMinor(), command.currency(), command.handlerId(), command.now()));
            if (credentials.isDeactivated(command.credentialToken())) {
                apply(new PaymentDeclined(paymentId, sessionId, attemptId, "credential_revoked",
                        DeclineReasons.messageFor("credential_revoked"), command.now()));
                return;
            }
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
                    DeclineReasons.messageFor("authentication_failed"), command.now()));
            return;
        }
        record(gateway.completeAuthentication(paymentId, attemptId, providerReference, authentication), command.now());
    }

    @CommandHandler
    public void handle(CapturePayment command, PaymentGateway gateway) {
        if (captured()) {
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
            apply(new PaymentCaptureFailed(paymentId, sessionId, command.orderId(), failed.reason(), command.now()));
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
            case CAPTURED, PARTIALLY_REFUNDED, REFUNDED -> throw new PaymentAlreadyCapturedException(paymentId);
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
    public void handle(RefundPayment command, PaymentGateway gateway) {
        if (settledRefunds.contains(command.refundId())) {
            return;
        }
        if (!pendingRefunds.containsKey(command.refundId())) {
            String refusal = refundRefusal(command.amountMinor(), command.currency());
            if (refusal != null) {
                apply(new PaymentRefundFailed(
                        command.refundId(), paymentId, command.orderId(), sessionId, refusal, command.now()));
                return;
            }
            apply(new RefundInitiated(paymentId, command.refundId(), command.orderId(), command.amountMinor(), currency,
                    command.reason(), command.now()));
        }
        submitRefund(command.refundId(), gateway, command.now());
    }

    @CommandHandler
    public void handle(CancelPayment command, PaymentGateway gateway) {
        switch (status) {
            case AUTHORIZED, AUTHENTICATION_REQUIRED, CAPTURE_FAILED -> {
                if (gateway.voidAuthorization(paymentId, providerReference) instanceof OperationResult.Failed failed) {
                    throw new PaymentProviderUnavailableException(paymentId, failed.reason());
                }
                apply(new PaymentVoided(paymentId, sessionId, "order canceled: " + command.reason(), command.now()));
            }
            case CAPTURED, PARTIALLY_REFUNDED -> {
                String refundId = cancellationRefundId(paymentId);
                if (settledRefunds.contains(refundId)) {
                    return;
                }
                if (!pendingRefunds.containsKey(refundId)) {
                    if (refundable() <= 0) {
                        return;
                    }
                    apply(new RefundInitiated(paymentId, refundId, command.orderId(), refundable(), currency,
                            "order canceled: " + command.reason(), command.now()));
                }
                submitRefund(refundId, gateway, command.now());
            }
            default -> {}
        }
    }

    @CommandHandler
    public void handle(ReconcileRefunds command, PaymentGateway gateway) {
        if (!captured() || providerReference == null) {
            return;
        }
        for (ProviderRefund refund : gateway.refunds(paymentId, providerReference)) {
            PendingRefund pending = refund.refundId() == null ? null : pendingRefunds.get(refund.refundId());
            if (pending != null && "succeeded".equals(refund.status())) {
                apply(new PaymentRefunded(refund.refundId(), paymentId, pending.orderId(), sessionId,
                        pending.amountMinor(), currency, refund.providerReference(), command.now()));
            } else if (pending != null && ("failed".equals(refund.status()) || "canceled".equals(refund.status()))) {
                apply(new PaymentRefundFailed(refund.refundId(), paymentId, pending.orderId(), sessionId,
                        "refund " + refund.status() + " at the payment provider", command.now()));
            } else if (pending == null && "succeeded".equals(refund.status())
                    && !providerRefunds.contains(refund.providerReference())
                    && (refund.refundId() == null || !settledRefunds.contains(refund.refundId()))) {
                // made outside this service (e.g. the Stripe Dashboard): recorded so that the order side knows
                apply(new PaymentRefunded(refund.refundId() != null ? refund.refundId() : refund.providerReference(),
                        paymentId, orderId, sessionId, refund.amountMinor(), currency, refund.providerReference(),
                        command.now()));
            }
        }
    }

    @CommandHandler
    public void handle(RecordDispute command) {
        if (command.status() == null || command.status().equals(disputes.get(command.disputeId()))) {
            return;
        }
        apply(new PaymentDisputed(paymentId, sessionId, orderId, command.disputeId(), command.amountMinor(),
                command.currency(), command.reason(), command.status(), command.now()));
    }

    /** The refund id an order cancellation uses for the full refund: one per payment, so redelivery is harmless. */
    public static String cancellationRefundId(String paymentId) {
        return "cancel_" + paymentId;
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

    private boolean captured() {
        return status == PaymentStatus.CAPTURED || status == PaymentStatus.PARTIALLY_REFUNDED
                || status == PaymentStatus.REFUNDED;
    }

    /** Captured minus refunded minus pending refunds. */
    private long refundable() {
        return capturedMinor - refundedMinor
                - pendingRefunds.values().stream().mapToLong(PendingRefund::amountMinor).sum();
    }

    private String refundRefusal(long amountMinor, String refundCurrency) {
        if (!captured()) {
            return "the payment is not captured (" + status + ")";
        }
        if (refundCurrency == null || !currency.equalsIgnoreCase(refundCurrency)) {
            return "the refund currency " + refundCurrency + " is not the payment's " + currency;
        }
        if (amountMinor <= 0) {
            return "the refund amount must be positive";
        }
        long refundable = refundable();
        return amountMinor > refundable ? "the refund of " + amountMinor + " exceeds the " + refundable + " refundable" : null;
    }

    /** Calls the PSP for a pending refund (again, on redelivery: same idempotency key); a pending answer stays pending. */
    private void submitRefund(String refundId, PaymentGateway gateway, Instant now) {
        PendingRefund pending = pendingRefunds.get(refundId);
        RefundResult result = gateway.refund(paymentId, refundId, providerReference, pending.amountMinor());
        if (result instanceof RefundResult.Refunded refunded) {
            apply(new PaymentRefunded(refundId, paymentId, pending.orderId(), sessionId, pending.amountMinor(),
                    currency, refunded.providerReference(), now));
        } else if (result instanceof RefundResult.Failed failed) {
            apply(new PaymentRefundFailed(refundId, paymentId, pending.orderId(), sessionId, failed.reason(), now));
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
        orderId = event.orderId();
        capturedMinor = event.amountMinor();
    }

    @EventSourcingHandler
    void on(PaymentCaptureFailed event) {
        status = PaymentStatus.CAPTURE_FAILED;
        orderId = event.orderId();
    }

    @EventSourcingHandler
    void on(PaymentEvent.PaymentCaptureFailed event) {
        status = PaymentStatus.CAPTURE_FAILED;
        orderId = event.orderId();
    }

    @EventSourcingHandler
    void on(RefundInitiated event) {
        pendingRefunds.put(event.refundId(), new PendingRefund(event.orderId(), event.amountMinor()));
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        pendingRefunds.remove(event.refundId());
        settledRefunds.add(event.refundId());
        providerRefunds.add(event.providerReference());
        refundedMinor += event.amountMinor();
        status = refundedMinor >= capturedMinor ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    }

    @EventSourcingHandler
    void on(PaymentRefundFailed event) {
        pendingRefunds.remove(event.refundId());
        settledRefunds.add(event.refundId());
    }

    @EventSourcingHandler
    void on(PaymentDisputed event) {
        disputes.put(event.disputeId(), event.status());
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
