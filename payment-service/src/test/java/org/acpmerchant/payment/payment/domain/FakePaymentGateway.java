package org.acpmerchant.payment.payment.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.acpmerchant.events.checkout.AuthenticationOutcome;

/** Answers what a test sets and records the calls; also the credential registry. */
class FakePaymentGateway implements PaymentGateway, CredentialRegistry {

    AuthorizationResult authorization = new AuthorizationResult.Authorized("pi_1");
    AuthorizationResult authentication = new AuthorizationResult.Authorized("pi_1");
    OperationResult capture = new OperationResult.Succeeded();
    OperationResult release = new OperationResult.Succeeded();
    RefundResult refund = new RefundResult.Refunded("re_1");
    List<ProviderRefund> providerRefunds = new ArrayList<>();
    final Set<String> deactivated = new HashSet<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public AuthorizationResult authorize(AuthorizationRequest request) {
        calls.add("authorize " + request.paymentId());
        return authorization;
    }

    @Override
    public AuthorizationResult completeAuthentication(
            String paymentId, String attemptId, String providerReference, AuthenticationOutcome outcome) {
        calls.add("authenticate " + providerReference);
        return authentication;
    }

    @Override
    public OperationResult capture(String paymentId, String providerReference, long amountMinor) {
        calls.add("capture " + providerReference + " " + amountMinor);
        return capture;
    }

    @Override
    public OperationResult voidAuthorization(String paymentId, String providerReference) {
        calls.add("void " + providerReference);
        return release;
    }

    @Override
    public RefundResult refund(String paymentId, String refundId, String providerReference, long amountMinor) {
        calls.add("refund " + refundId + " " + providerReference + " " + amountMinor);
        return refund;
    }

    @Override
    public List<ProviderRefund> refunds(String paymentId, String providerReference) {
        calls.add("refunds " + providerReference);
        return providerRefunds;
    }

    @Override
    public Optional<String> paymentIdOf(String providerReference) {
        return Optional.of("pay_1");
    }

    @Override
    public boolean isDeactivated(String credentialToken) {
        return deactivated.contains(credentialToken);
    }

    @Override
    public void recordUsed(String credentialToken, Instant at) {}

    @Override
    public void recordDeactivated(String credentialToken, Instant at) {
        deactivated.add(credentialToken);
    }
}
