package org.acpmerchant.payment.payment.infrastructure;

import org.acpmerchant.payment.StripeProperties;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.payment.payment.domain.PaymentGateway.AuthorizationRequest;
import org.acpmerchant.payment.payment.domain.PaymentGateway.AuthorizationResult;
import org.acpmerchant.payment.payment.domain.PaymentGateway.OperationResult;
import org.acpmerchant.payment.payment.domain.PaymentGateway.ProviderRefund;
import org.acpmerchant.payment.payment.domain.PaymentGateway.RefundResult;
import org.acpmerchant.payment.StripeProperties.TokenParameter;
import org.acpmerchant.stripestandin.StripeStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter's mapping, through stripe-java's real HTTP path against the stand-in. */
class StripePaymentGatewayTest {

    static final AuthenticationOutcome AUTHENTICATED =
            new AuthenticationOutcome("authenticated", "05", "AAABBBCCC", "tx_1", "2.2.0");

    static StripeStandIn stripe;
    SimpleMeterRegistry meters;
    StripePaymentGateway gateway;
    int sequence;

    @BeforeAll
    static void start() {
        stripe = new StripeStandIn().start(0).slowResponseDelay(Duration.ofMillis(1800));
    }

    @AfterAll
    static void stop() {
        stripe.stop();
    }

    @BeforeEach
    void setUp() {
        stripe.reset();
        meters = new SimpleMeterRegistry();
        gateway = gateway(stripe.baseUrl(), TokenParameter.TOP_LEVEL, Duration.ofSeconds(8));
    }

    StripePaymentGateway gateway(String apiBase, TokenParameter tokenParameter, Duration deadline) {
        StripeProperties props = new StripeProperties(apiBase, "sk_test_standin", null, tokenParameter,
                Duration.ofMillis(500), Duration.ofMillis(800), deadline, Duration.ofMillis(50), Duration.ofMillis(400),
                "whsec_test", null);
        StripeClient client = new PaymentConfiguration().stripeClient(props);
        return new StripePaymentGateway(client, props, meters, Clock.systemUTC());
    }

    AuthorizationRequest request(String token, long amount, String currency) {
        sequence++;
        return new AuthorizationRequest("pay_" + System.nanoTime(), "cs_" + sequence, "att_1", amount, currency, token, null);
    }

    @Test
    void success_authorizes_withManualCapture_andMetadata() {
        AuthorizationRequest request = request("spt_test_success", 1500, "usd");
        AuthorizationResult result = gateway.authorize(request);
        assertThat(result).isInstanceOf(AuthorizationResult.Authorized.class);
        String intent = ((AuthorizationResult.Authorized) result).providerReference();
        assertThat(stripe.paymentIntentStatus(intent)).isEqualTo("requires_capture");
        assertThat(stripe.successfulPaymentIntents(request.sessionId())).isEqualTo(1);
        assertThat(meters.get("payment.stripe.requests").tag("operation", "authorize").tag("outcome", "ok").timer().count())
                .isEqualTo(1);
    }

    @Test
    void authorize_twice_forOnePayment_createsOnePaymentIntent() {
        AuthorizationRequest request = request("spt_test_success", 1500, "usd");
        AuthorizationResult first = gateway.authorize(request);
        AuthorizationResult second = gateway.authorize(request);
        assertThat(second).isEqualTo(first);
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void paymentMethodDataShape_isAcceptedToo() {
        gateway = gateway(stripe.baseUrl(), TokenParameter.PAYMENT_METHOD_DATA, Duration.ofSeconds(5));
        assertThat(gateway.authorize(request("spt_test_success", 1500, "usd")))
                .isInstanceOf(AuthorizationResult.Authorized.class);
    }

    @Test
    void cardDeclines_mapToDeclineCode_andBuyerSafeMessage() {
        assertThat(gateway.authorize(request("spt_test_decline", 1500, "usd")))
                .isEqualTo(new AuthorizationResult.Declined("generic_decline", "The card was declined."));
        assertThat(gateway.authorize(request("spt_test_insufficient_funds", 1500, "usd")))
                .isEqualTo(new AuthorizationResult.Declined("insufficient_funds", "The card has insufficient funds."));
        assertThat(stripe.successfulPaymentIntents()).isZero();
    }

    @Test
    void allowanceViolations_decline_withoutCreatingAPaymentIntent() {
        assertThat(code(gateway.authorize(request("spt_test_expired", 1500, "usd")))).isEqualTo("credential_expired");
        assertThat(code(gateway.authorize(request("spt_test_over_allowance", 1500, "usd"))))
                .isEqualTo("credential_over_allowance");
        assertThat(code(gateway.authorize(request("spt_test_deactivated", 1500, "usd")))).isEqualTo("credential_revoked");
        assertThat(code(gateway.authorize(request("spt_test_success", 1500, "eur"))))
                .isEqualTo("credential_currency_mismatch");
        assertThat(code(gateway.authorize(request("not_a_token", 1500, "usd")))).isEqualTo("credential_invalid");
        assertThat(stripe.paymentIntentsCreated()).isZero();
        assertThat(stripe.requests("POST", "/v1/payment_intents")).isZero();
    }

    @Test
    void allowanceExactlyAtMaxAmount_authorizes() {
        stripe.grantToken("spt_eur_limit", "eur", 2000, Instant.now().plusSeconds(600), false);
        assertThat(gateway.authorize(request("spt_eur_limit", 2000, "eur")))
                .isInstanceOf(AuthorizationResult.Authorized.class);
    }

    @Test
    void threeDs_requiresAuthentication_thenAuthorizesWithResult() {
        AuthorizationRequest request = request("spt_test_3ds_required", 1500, "usd");
        AuthorizationResult first = gateway.authorize(request);
        assertThat(first).isInstanceOf(AuthorizationResult.AuthenticationRequired.class);
        String intent = ((AuthorizationResult.AuthenticationRequired) first).providerReference();
        assertThat(gateway.completeAuthentication(request.paymentId(), "att_2", intent, AUTHENTICATED))
                .isEqualTo(new AuthorizationResult.Authorized(intent));
        assertThat(stripe.paymentIntentStatus(intent)).isEqualTo("requires_capture");
    }

    @Test
    void threeDsDenied_declines_onConfirmation() {
        AuthorizationRequest request = request("spt_test_3ds_denied", 1500, "usd");
        String intent = ((AuthorizationResult.AuthenticationRequired) gateway.authorize(request)).providerReference();
        assertThat(gateway.completeAuthentication(request.paymentId(), "att_2", intent, AUTHENTICATED))
                .isEqualTo(new AuthorizationResult.Declined(
                        "authentication_failed", "The card issuer could not authenticate the buyer."));
    }

    @Test
    void timeoutWithUnknownOutcome_isResolvedBySameKey_neverBySecondCharge() {
        AuthorizationRequest request = request("spt_test_timeout_succeeded", 1500, "usd");
        AuthorizationResult result = gateway.authorize(request);
        assertThat(result).isInstanceOf(AuthorizationResult.Authorized.class);
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(1);
        assertThat(stripe.requests("POST", "/v1/payment_intents")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void unreachableProvider_fails_atTheDeadline() {
        gateway = gateway("http://127.0.0.1:9", TokenParameter.TOP_LEVEL, Duration.ofMillis(600));
        assertThat(gateway.authorize(request("spt_test_success", 1500, "usd")))
                .isInstanceOf(AuthorizationResult.Failed.class);
    }

    @Test
    void capture_andVoid_areIdempotent() {
        AuthorizationRequest request = request("spt_test_success", 1500, "usd");
        String intent = ((AuthorizationResult.Authorized) gateway.authorize(request)).providerReference();
        assertThat(gateway.capture(request.paymentId(), intent, 1500)).isEqualTo(new OperationResult.Succeeded());
        assertThat(gateway.capture(request.paymentId(), intent, 1500)).isEqualTo(new OperationResult.Succeeded());
        assertThat(stripe.captures()).isEqualTo(1);
        assertThat(gateway.voidAuthorization(request.paymentId(), intent)).isInstanceOf(OperationResult.Failed.class);

        AuthorizationRequest other = request("spt_test_success", 700, "usd");
        String held = ((AuthorizationResult.Authorized) gateway.authorize(other)).providerReference();
        assertThat(gateway.voidAuthorization(other.paymentId(), held)).isEqualTo(new OperationResult.Succeeded());
        assertThat(gateway.voidAuthorization(other.paymentId(), held)).isEqualTo(new OperationResult.Succeeded());
        assertThat(stripe.paymentIntentStatus(held)).isEqualTo("canceled");
        assertThat(stripe.cancels()).isEqualTo(1);
    }

    @Test
    void timeoutUnknownAtTheDeadline_isResolvedBySearch_withoutASecondCreate() {
        // read timeout 800 ms > deadline 300 ms: the one create times out, no retry fits, the search finds the intent
        gateway = gateway(stripe.baseUrl(), TokenParameter.TOP_LEVEL, Duration.ofMillis(300));
        AuthorizationRequest request = request("spt_test_timeout_succeeded", 1500, "usd");
        AuthorizationResult result = gateway.authorize(request);
        assertThat(result).isInstanceOf(AuthorizationResult.Authorized.class);
        assertThat(stripe.requests("POST", "/v1/payment_intents")).isEqualTo(1);
        assertThat(stripe.requests("GET", "/v1/payment_intents/search")).isEqualTo(1);
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void refunds_partialAndFull_areIdempotentPerRefundId_andListedWithOurIds() {
        AuthorizationRequest request = request("spt_test_success", 1500, "usd");
        String intent = ((AuthorizationResult.Authorized) gateway.authorize(request)).providerReference();
        gateway.capture(request.paymentId(), intent, 1500);

        RefundResult first = gateway.refund(request.paymentId(), "rf_1", intent, 500);
        assertThat(first).isInstanceOf(RefundResult.Refunded.class);
        assertThat(gateway.refund(request.paymentId(), "rf_1", intent, 500)).isEqualTo(first);
        assertThat(gateway.refund(request.paymentId(), "rf_2", intent, 1000)).isInstanceOf(RefundResult.Refunded.class);
        assertThat(gateway.refund(request.paymentId(), "rf_3", intent, 1)).isInstanceOf(RefundResult.Failed.class);
        assertThat(stripe.refunds()).isEqualTo(2);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(1500);
        assertThat(gateway.refunds(request.paymentId(), intent)).extracting(ProviderRefund::refundId)
                .containsExactly("rf_1", "rf_2");
        assertThat(gateway.paymentIdOf(intent)).contains(request.paymentId());
        assertThat(gateway.paymentIdOf("pi_unknown")).isEmpty();
    }

    private static String code(AuthorizationResult result) {
        assertThat(result).isInstanceOf(AuthorizationResult.Declined.class);
        return ((AuthorizationResult.Declined) result).code();
    }
}
