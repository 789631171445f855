package org.acpmerchant.payment.payment.it;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.payment.payment.domain.PaymentGateway;

/** Test-only: the real gateway, but it can throw once after the real authorize returned (a crash before storing). */
class CrashingPaymentGateway implements PaymentGateway {

    final Set<String> crashOnceAfterAuthorize = ConcurrentHashMap.newKeySet();
    final Set<String> crashed = ConcurrentHashMap.newKeySet();
    private final PaymentGateway real;

    CrashingPaymentGateway(PaymentGateway real) {
        this.real = real;
    }

    @Override
    public AuthorizationResult authorize(AuthorizationRequest request) {
        AuthorizationResult result = real.authorize(request);
        if (crashOnceAfterAuthorize.remove(request.paymentId())) {
            crashed.add(request.paymentId());
            throw new SimulatedCrashException();
        }
        return result;
    }

    @Override
    public AuthorizationResult completeAuthentication(
            String paymentId, String attemptId, String providerReference, AuthenticationOutcome authentication) {
        return real.completeAuthentication(paymentId, attemptId, providerReference, authentication);
    }

    @Override
    public OperationResult capture(String paymentId, String providerReference, long amountMinor) {
        return real.capture(paymentId, providerReference, amountMinor);
    }

    @Override
    public OperationResult voidAuthorization(String paymentId, String providerReference) {
        return real.voidAuthorization(paymentId, providerReference);
    }

    @Override
    public RefundResult refund(String paymentId, String refundId, String providerReference, long amountMinor) {
        return real.refund(paymentId, refundId, providerReference, amountMinor);
    }

    @Override
    public List<ProviderRefund> refunds(String paymentId, String providerReference) {
        return real.refunds(paymentId, providerReference);
    }

    @Override
    public Optional<String> paymentIdOf(String providerReference) {
        return real.paymentIdOf(providerReference);
    }

    static class SimulatedCrashException extends RuntimeException {
        SimulatedCrashException() {
            super("simulated crash after the PSP accepted the charge");
        }
    }
}
