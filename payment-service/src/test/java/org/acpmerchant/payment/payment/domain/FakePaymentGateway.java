package org.acpmerchant.payment.payment.domain;

import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.payment.payment.application.PaymentGateway;

/** Answers what a test sets and records the calls. */
class FakePaymentGateway implements PaymentGateway {

    AuthorizationResult authorization = new AuthorizationResult.Authorized("pi_1");
    AuthorizationResult authentication = new AuthorizationResult.Authorized("pi_1");
    OperationResult capture = new OperationResult.Succeeded();
    OperationResult release = new OperationResult.Succeeded();
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
}
