package org.acpmerchant.payment.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentFailed;
import org.acpmerchant.events.payment.PaymentVoided;
import org.acpmerchant.payment.payment.api.PaymentCommand.CapturePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ProviderStatus;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcilePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.RequestPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.VoidPayment;
import org.acpmerchant.payment.payment.api.PaymentEvent.OrphanedAuthorizationReleased;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentAuthenticationSubmitted;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentCaptureFailed;
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentInitiated;
import org.acpmerchant.payment.payment.application.PaymentGateway.AuthorizationResult;
import org.acpmerchant.payment.payment.application.PaymentGateway.OperationResult;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-01-01T10:01:00Z");
    static final AuthenticationOutcome AUTHENTICATED =
            new AuthenticationOutcome("authenticated", "05", "AAAB", "tx_1", "2.2.0");

    AggregateTestFixture<Payment> fixture;
    FakePaymentGateway gateway;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
        gateway = new FakePaymentGateway();
        fixture.registerInjectableResource(gateway);
    }

    static RequestPayment request(AuthenticationOutcome authentication, String attemptId, Instant now) {
        return new RequestPayment("pay_1", "cs_1", attemptId, 1500, "usd", "stripe", "spt_test_success",
                authentication, now);
    }

    static PaymentInitiated initiated() {
        return new PaymentInitiated("pay_1", "cs_1", "att_1", 1500, "usd", "stripe", T0);
    }

    static PaymentAuthorized authorized() {
        return new PaymentAuthorized("pay_1", "cs_1", "att_1", 1500, "usd", "pi_1", T0);
    }

    @Test
    void request_authorizes_whenGatewayAuthorizes() {
        fixture.givenNoPriorActivity()
                .when(request(null, "att_1", T0))
                .expectEvents(initiated(), authorized());
    }

    @Test
    void request_declines_withCodeAndMessage_whenGatewayDeclines() {
        gateway.authorization = new AuthorizationResult.Declined("insufficient_funds", "The card has insufficient funds.");
        fixture.givenNoPriorActivity()
                .when(request(null, "att_1", T0))
                .expectEvents(initiated(), new PaymentDeclined("pay_1", "cs_1", "att_1", "insufficient_funds",
                        "The card has insufficient funds.", T0));
    }

    @Test
    void request_fails_whenGatewayFails() {
        gateway.authorization = new AuthorizationResult.Failed("payment provider unavailable");
        fixture.givenNoPriorActivity()
                .when(request(null, "att_1", T0))
                .expectEvents(initiated(), new PaymentFailed("pay_1", "cs_1", "att_1", "payment provider unavailable", T0));
    }

    @Test
    void request_requiresAuthentication_whenIssuerAsksFor3ds() {
        gateway.authorization = new AuthorizationResult.AuthenticationRequired("pi_1");
        fixture.givenNoPriorActivity()
                .when(request(null, "att_1", T0))
                .expectEvents(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0));
    }

    @Test
    void request_isNoOp_whenAlreadyAuthorized() {
        fixture.given(initiated(), authorized())
                .when(request(null, "att_1", T1))
                .expectNoEvents();
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void continuation_authorizes_withAuthenticationResult() {
        fixture.given(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0))
                .when(request(AUTHENTICATED, "att_2", T1))
                .expectEvents(new PaymentAuthenticationSubmitted("pay_1", "att_2", "authenticated", T1),
                        new PaymentAuthorized("pay_1", "cs_1", "att_2", 1500, "usd", "pi_1", T1));
        assertThat(gateway.calls).containsExactly("authenticate pi_1");
    }

    @Test
    void continuation_declines_withoutConfirming_whenAuthenticationDenied() {
        fixture.given(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0))
                .when(request(new AuthenticationOutcome("denied", null, null, null, null), "att_2", T1))
                .expectEvents(new PaymentAuthenticationSubmitted("pay_1", "att_2", "denied", T1),
                        new PaymentDeclined("pay_1", "cs_1", "att_2", "authentication_failed",
                                "The card issuer could not authenticate the buyer.", T1));
        assertThat(gateway.calls).containsExactly("void pi_1");
    }

    @Test
    void continuation_isRejected_forAnotherAmount() {
        fixture.given(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0))
                .when(new RequestPayment("pay_1", "cs_1", "att_2", 9999, "usd", "stripe", "spt_x", AUTHENTICATED, T1))
                .expectException(PaymentRequestMismatchException.class);
    }

    @Test
    void continuation_withoutAuthentication_isNoOp() {
        fixture.given(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0))
                .when(request(null, "att_1", T1))
                .expectNoEvents();
    }

    @Test
    void capture_captures_whenAuthorized() {
        fixture.given(initiated(), authorized())
                .when(new CapturePayment("pay_1", "ord_1", 1500, "usd", T1))
                .expectEvents(new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1));
        assertThat(gateway.calls).containsExactly("capture pi_1 1500");
    }

    @Test
    void capture_isNoOp_whenAlreadyCaptured() {
        fixture.given(initiated(), authorized(), new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1))
                .when(new CapturePayment("pay_1", "ord_1", 1500, "usd", T1))
                .expectNoEvents();
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void capture_recordsFailure_whenProviderFails_andCanBeRetried() {
        gateway.capture = new OperationResult.Failed("payment provider error: charge_expired_for_capture");
        fixture.given(initiated(), authorized())
                .when(new CapturePayment("pay_1", "ord_1", 1500, "usd", T1))
                .expectEvents(new PaymentCaptureFailed(
                        "pay_1", "ord_1", "payment provider error: charge_expired_for_capture", T1));

        gateway.capture = new OperationResult.Succeeded();
        fixture.given(initiated(), authorized(), new PaymentCaptureFailed("pay_1", "ord_1", "x", T1))
                .when(new CapturePayment("pay_1", "ord_1", 1500, "usd", T1))
                .expectEvents(new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1));
    }

    @Test
    void capture_isRejected_whenNotAuthorized() {
        fixture.given(initiated(), new PaymentDeclined("pay_1", "cs_1", "att_1", "card_declined", "x", T0))
                .when(new CapturePayment("pay_1", "ord_1", 1500, "usd", T1))
                .expectException(PaymentNotCapturableException.class);
    }

    @Test
    void capture_isRejected_aboveTheAuthorizedAmount() {
        fixture.given(initiated(), authorized())
                .when(new CapturePayment("pay_1", "ord_1", 1501, "usd", T1))
                .expectException(CaptureExceedsAuthorizationException.class);
    }

    @Test
    void void_releasesAuthorization() {
        fixture.given(initiated(), authorized())
                .when(new VoidPayment("pay_1", "cs_1", "order rejected", T1))
                .expectEvents(new PaymentVoided("pay_1", "cs_1", "order rejected", T1));
        assertThat(gateway.calls).containsExactly("void pi_1");
    }

    @Test
    void void_throwsToRetry_whenProviderCannotRelease() {
        gateway.release = new OperationResult.Failed("unavailable");
        fixture.given(initiated(), authorized())
                .when(new VoidPayment("pay_1", "cs_1", "order rejected", T1))
                .expectException(PaymentProviderUnavailableException.class);
    }

    @Test
    void void_beforeAnyRequest_voids_andALaterRequestChargesNothing() {
        fixture.givenNoPriorActivity()
                .when(new VoidPayment("pay_1", "cs_1", "saga timed out", T0))
                .expectEvents(new PaymentVoided("pay_1", "cs_1", "saga timed out", T0));

        fixture.given(new PaymentVoided("pay_1", "cs_1", "saga timed out", T0))
                .when(request(null, "att_1", T1))
                .expectNoEvents();
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void void_ofDeclinedPayment_acknowledges_withoutCallingProvider() {
        fixture.given(initiated(), new PaymentDeclined("pay_1", "cs_1", "att_1", "card_declined", "x", T0))
                .when(new VoidPayment("pay_1", "cs_1", "order rejected", T1))
                .expectEvents(new PaymentVoided("pay_1", "cs_1", "order rejected", T1));
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void void_isNoOp_whenAlreadyVoided_andRejected_whenCaptured() {
        fixture.given(initiated(), authorized(), new PaymentVoided("pay_1", "cs_1", "r", T1))
                .when(new VoidPayment("pay_1", "cs_1", "again", T1))
                .expectNoEvents();
        fixture.given(initiated(), authorized(), new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1))
                .when(new VoidPayment("pay_1", "cs_1", "late", T1))
                .expectException(PaymentAlreadyCapturedException.class);
    }

    @Test
    void reconcile_canceledAtProvider_voidsAuthorizedPayment() {
        fixture.given(initiated(), authorized())
                .when(new ReconcilePayment("pay_1", "pi_1", ProviderStatus.CANCELED, null, T1))
                .expectEvents(new PaymentVoided("pay_1", "cs_1", "canceled at the payment provider", T1));
    }

    @Test
    void reconcile_paymentFailed_declinesPaymentWaitingForAuthentication() {
        fixture.given(initiated(), new PaymentAuthenticationRequired("pay_1", "cs_1", "att_1", "pi_1", T0))
                .when(new ReconcilePayment("pay_1", "pi_1", ProviderStatus.FAILED, "authentication_failed", T1))
                .expectEvents(new PaymentDeclined("pay_1", "cs_1", "att_1", "authentication_failed",
                        "The payment could not be completed.", T1));
    }

    @Test
    void reconcile_authorizationOfFailedPayment_isReleased_once() {
        fixture.given(initiated(), new PaymentFailed("pay_1", "cs_1", "att_1", "timeout", T0))
                .when(new ReconcilePayment("pay_1", "pi_9", ProviderStatus.AUTHORIZED, null, T1))
                .expectEvents(new OrphanedAuthorizationReleased("pay_1", "pi_9", T1));
        assertThat(gateway.calls).containsExactly("void pi_9");

        fixture.given(initiated(), new PaymentFailed("pay_1", "cs_1", "att_1", "timeout", T0),
                        new OrphanedAuthorizationReleased("pay_1", "pi_9", T1))
                .when(new ReconcilePayment("pay_1", "pi_9", ProviderStatus.AUTHORIZED, null, T1))
                .expectNoEvents();
    }

    @Test
    void reconcile_authorizationOfAuthorizedPayment_orSucceeded_isNoOp() {
        fixture.given(initiated(), authorized())
                .when(new ReconcilePayment("pay_1", "pi_1", ProviderStatus.AUTHORIZED, null, T1))
                .expectNoEvents();
        fixture.given(initiated(), authorized(), new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1))
                .when(new ReconcilePayment("pay_1", "pi_1", ProviderStatus.SUCCEEDED, null, T1))
                .expectNoEvents();
    }
}
