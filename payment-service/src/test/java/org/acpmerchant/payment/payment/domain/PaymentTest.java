package org.acpmerchant.payment.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.payment.payment.api.PaymentCommand.CancelPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcileRefunds;
import org.acpmerchant.payment.payment.api.PaymentCommand.RecordDispute;
import org.acpmerchant.payment.payment.api.PaymentCommand.RefundPayment;
import org.acpmerchant.payment.payment.api.PaymentEvent.RefundInitiated;
import org.acpmerchant.payment.payment.domain.PaymentGateway.ProviderRefund;
import org.acpmerchant.payment.payment.domain.PaymentGateway.RefundResult;
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
import org.acpmerchant.payment.payment.api.PaymentEvent.PaymentInitiated;
import org.acpmerchant.payment.payment.domain.PaymentGateway.AuthorizationResult;
import org.acpmerchant.payment.payment.domain.PaymentGateway.OperationResult;
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
        fixture.registerInjectableResource((org.acpmerchant.payment.payment.domain.CredentialRegistry) gateway);
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
                        "pay_1", "cs_1", "ord_1", "payment provider error: charge_expired_for_capture", T1));

        gateway.capture = new OperationResult.Succeeded();
        fixture.given(initiated(), authorized(), new PaymentCaptureFailed("pay_1", "cs_1", "ord_1", "x", T1))
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

    static PaymentCaptured captured() {
        return new PaymentCaptured("pay_1", "cs_1", "ord_1", 1500, "usd", T1);
    }

    static RefundPayment refund(String refundId, long amount) {
        return new RefundPayment("pay_1", refundId, "ord_1", amount, "usd", "damaged", T1);
    }

    @Test
    void request_withDeactivatedCredential_declines_withoutCallingProvider() {
        gateway.deactivated.add("spt_test_success");
        fixture.givenNoPriorActivity()
                .when(request(null, "att_1", T0))
                .expectEvents(initiated(), new PaymentDeclined("pay_1", "cs_1", "att_1", "credential_revoked",
                        "The payment credential was revoked.", T0));
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void refunds_partialThenRest_andNeverMoreThanCaptured() {
        fixture.given(initiated(), authorized(), captured())
                .when(refund("rf_1", 500))
                .expectEvents(new RefundInitiated("pay_1", "rf_1", "ord_1", 500, "usd", "damaged", T1),
                        new PaymentRefunded("rf_1", "pay_1", "ord_1", "cs_1", 500, "usd", "re_1", T1));
        assertThat(gateway.calls).containsExactly("refund rf_1 pi_1 500");

        gateway.calls.clear();
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_1", "ord_1", 500, "usd", "damaged", T1),
                        new PaymentRefunded("rf_1", "pay_1", "ord_1", "cs_1", 500, "usd", "re_1", T1))
                .when(refund("rf_2", 1001))
                .expectEvents(new PaymentRefundFailed("rf_2", "pay_1", "ord_1", "cs_1",
                        "the refund of 1001 exceeds the 1000 refundable", T1));
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void refund_pendingRefundsCount_againstTheRefundable() {
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_1", "ord_1", 1000, "usd", "damaged", T1))
                .when(refund("rf_2", 501))
                .expectEvents(new PaymentRefundFailed("rf_2", "pay_1", "ord_1", "cs_1",
                        "the refund of 501 exceeds the 500 refundable", T1));
    }

    @Test
    void refund_redelivered_isNoOp_onceSettled_andRetriesWhilePending() {
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_1", "ord_1", 500, "usd", "damaged", T1),
                        new PaymentRefunded("rf_1", "pay_1", "ord_1", "cs_1", 500, "usd", "re_1", T1))
                .when(refund("rf_1", 500))
                .expectNoEvents();
        assertThat(gateway.calls).isEmpty();

        gateway.refund = new RefundResult.Pending("unknown");
        fixture.given(initiated(), authorized(), captured())
                .when(refund("rf_3", 500))
                .expectEvents(new RefundInitiated("pay_1", "rf_3", "ord_1", 500, "usd", "damaged", T1));
        gateway.calls.clear();
        gateway.refund = new RefundResult.Refunded("re_3");
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_3", "ord_1", 500, "usd", "damaged", T1))
                .when(refund("rf_3", 500))
                .expectEvents(new PaymentRefunded("rf_3", "pay_1", "ord_1", "cs_1", 500, "usd", "re_3", T1));
        assertThat(gateway.calls).containsExactly("refund rf_3 pi_1 500");
    }

    @Test
    void refund_refused_whenNotCaptured_orOtherCurrency_orRefusedByProvider() {
        fixture.given(initiated(), authorized())
                .when(refund("rf_1", 500))
                .expectEvents(new PaymentRefundFailed("rf_1", "pay_1", "ord_1", "cs_1",
                        "the payment is not captured (AUTHORIZED)", T1));
        fixture.given(initiated(), authorized(), captured())
                .when(new RefundPayment("pay_1", "rf_1", "ord_1", 500, "eur", "x", T1))
                .expectEvents(new PaymentRefundFailed("rf_1", "pay_1", "ord_1", "cs_1",
                        "the refund currency eur is not the payment's usd", T1));
        gateway.refund = new RefundResult.Failed("payment provider error: charge_disputed");
        fixture.given(initiated(), authorized(), captured())
                .when(refund("rf_1", 500))
                .expectEvents(new RefundInitiated("pay_1", "rf_1", "ord_1", 500, "usd", "damaged", T1),
                        new PaymentRefundFailed("rf_1", "pay_1", "ord_1", "cs_1",
                                "payment provider error: charge_disputed", T1));
        assertThat(gateway.calls).isNotEmpty();
    }

    @Test
    void orderCanceled_voidsAuthorization_refundsCapture_orDoesNothing() {
        fixture.given(initiated(), authorized())
                .when(new CancelPayment("pay_1", "ord_1", "merchant", T1))
                .expectEvents(new PaymentVoided("pay_1", "cs_1", "order canceled: merchant", T1));
        assertThat(gateway.calls).containsExactly("void pi_1");

        gateway.calls.clear();
        String refundId = Payment.cancellationRefundId("pay_1");
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_1", "ord_1", 400, "usd", "damaged", T1),
                        new PaymentRefunded("rf_1", "pay_1", "ord_1", "cs_1", 400, "usd", "re_1", T1))
                .when(new CancelPayment("pay_1", "ord_1", "merchant", T1))
                .expectEvents(new RefundInitiated("pay_1", refundId, "ord_1", 1100, "usd", "order canceled: merchant", T1),
                        new PaymentRefunded(refundId, "pay_1", "ord_1", "cs_1", 1100, "usd", "re_1", T1));
        assertThat(gateway.calls).containsExactly("refund " + refundId + " pi_1 1100");

        gateway.calls.clear();
        fixture.given(initiated(), new PaymentDeclined("pay_1", "cs_1", "att_1", "card_declined", "x", T0))
                .when(new CancelPayment("pay_1", "ord_1", "merchant", T1))
                .expectNoEvents();
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", refundId, "ord_1", 1500, "usd", "x", T1),
                        new PaymentRefunded(refundId, "pay_1", "ord_1", "cs_1", 1500, "usd", "re_1", T1))
                .when(new CancelPayment("pay_1", "ord_1", "merchant", T1))
                .expectNoEvents();
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void reconcileRefunds_settlesPending_andRecordsRefundsMadeElsewhere_once() {
        gateway.providerRefunds = java.util.List.of(new ProviderRefund("re_7", "rf_7", 300, "succeeded"),
                new ProviderRefund("re_dash", null, 200, "succeeded"),
                new ProviderRefund("re_1", "rf_1", 500, "succeeded"));
        fixture.given(initiated(), authorized(), captured(),
                        new RefundInitiated("pay_1", "rf_1", "ord_1", 500, "usd", "damaged", T1),
                        new PaymentRefunded("rf_1", "pay_1", "ord_1", "cs_1", 500, "usd", "re_1", T1),
                        new RefundInitiated("pay_1", "rf_7", "ord_1", 300, "usd", "damaged", T1))
                .when(new ReconcileRefunds("pay_1", T1))
                .expectEvents(new PaymentRefunded("rf_7", "pay_1", "ord_1", "cs_1", 300, "usd", "re_7", T1),
                        new PaymentRefunded("re_dash", "pay_1", "ord_1", "cs_1", 200, "usd", "re_dash", T1));
    }

    @Test
    void dispute_isRecordedAndPublished_oncePerStatus() {
        PaymentDisputed opened = new PaymentDisputed("pay_1", "cs_1", "ord_1", "dp_1", 1500, "usd", "fraudulent",
                "needs_response", T1);
        fixture.given(initiated(), authorized(), captured())
                .when(new RecordDispute("pay_1", "dp_1", 1500, "usd", "fraudulent", "needs_response", T1))
                .expectEvents(opened);
        fixture.given(initiated(), authorized(), captured(), opened)
                .when(new RecordDispute("pay_1", "dp_1", 1500, "usd", "fraudulent", "needs_response", T1))
                .expectNoEvents();
        fixture.given(initiated(), authorized(), captured(), opened)
                .when(new RecordDispute("pay_1", "dp_1", 1500, "usd", "fraudulent", "lost", T1))
                .expectEvents(new PaymentDisputed("pay_1", "cs_1", "ord_1", "dp_1", 1500, "usd", "fraudulent", "lost", T1));
    }
}
