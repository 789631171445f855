package org.acpmerchant.stripestandin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeStandInTest {

    static StripeStandIn stripe;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        stripe = new StripeStandIn().start(0).slowResponseDelay(Duration.ofMillis(1500));
    }

    @AfterAll
    static void stop() {
        stripe.stop();
    }

    @BeforeEach
    void reset() {
        stripe.reset();
    }

    @Test
    void create_authorizes_andCapture_succeeds_forSuccessToken() throws Exception {
        var created = post("/v1/payment_intents", create("spt_test_success", "cs_1"), "k1");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"requires_capture\"", "\"amount_capturable\":1500");
        String id = id(created.body());

        var captured = post("/v1/payment_intents/" + id + "/capture", "", "k2");
        assertThat(captured.body()).contains("\"status\":\"succeeded\"", "\"amount_received\":1500");
        assertThat(get("/v1/payment_intents/" + id).body()).contains("\"status\":\"succeeded\"");
        assertThat(stripe.successfulPaymentIntents("cs_1")).isEqualTo(1);
        assertThat(stripe.captures()).isEqualTo(1);
    }

    @Test
    void latency_holdsEveryAnswerBack_andChangesNothingElse() throws Exception {
        stripe.latency(Duration.ofMillis(300));
        try {
            long started = System.nanoTime();
            var created = post("/v1/payment_intents", create("spt_test_success", "cs_latency"), "lat1");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(tookMillis).isGreaterThanOrEqualTo(300);
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.body()).contains("\"status\":\"requires_capture\"");
            assertThat(stripe.successfulPaymentIntents("cs_latency")).isEqualTo(1);

            // answers held back do not hold each other back: three at once are in flight together
            stripe.resetRequestsInFlightPeak();
            var pending = new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
            for (int i = 0; i < 3; i++) {
                pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/payment_intents"))
                        .header("Idempotency-Key", "lat-par-" + i)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(create("spt_test_success", "cs_latency_" + i)))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var answer : pending) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
            assertThat(stripe.requestsInFlightPeak()).isGreaterThanOrEqualTo(2);
        } finally {
            stripe.latency(Duration.ZERO);
        }
    }

    @Test
    void sameIdempotencyKey_replaysOriginal_andCreatesNothing() throws Exception {
        var first = post("/v1/payment_intents", create("spt_test_success", "cs_2"), "same");
        var second = post("/v1/payment_intents", create("spt_test_success", "cs_2"), "same");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(1);
        assertThat(stripe.requests("POST", "/v1/payment_intents")).isEqualTo(2);

        var conflicting = post("/v1/payment_intents", create("spt_test_decline", "cs_2"), "same");
        assertThat(conflicting.statusCode()).isEqualTo(400);
        assertThat(conflicting.body()).contains("idempotency_error");
    }

    @Test
    void aRequestTheRouterCannotRead_getsStripesApiErrorShape_andTheNextOneIsServed() throws Exception {
        var broken = post("/v1/payment_intents", "amount=fifteen&currency=usd&shared_payment_granted_token="
                + "spt_test_success", "broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("\"type\":\"api_error\"");
        assertThat(stripe.paymentIntentsCreated()).isZero();

        var created = post("/v1/payment_intents", create("spt_test_success", "cs_after"), "after");
        assertThat(created.statusCode()).isEqualTo(200);
    }

    @Test
    void declineTokens_answer402_withDeclineCode() throws Exception {
        var declined = post("/v1/payment_intents", create("spt_test_decline", "cs_3"), "d1");
        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(declined.body()).contains("\"code\":\"card_declined\"", "\"decline_code\":\"generic_decline\"");
        var insufficient = post("/v1/payment_intents", create("spt_test_insufficient_funds", "cs_3"), "d2");
        assertThat(insufficient.body()).contains("\"decline_code\":\"insufficient_funds\"");
        assertThat(stripe.successfulPaymentIntents("cs_3")).isZero();
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(2);
    }

    @Test
    void threeDs_requiresAction_thenConfirmWithResult_authorizes_orFailsForDenied() throws Exception {
        String required = id(post("/v1/payment_intents", create("spt_test_3ds_required", "cs_4"), "t1").body());
        assertThat(stripe.paymentIntentStatus(required)).isEqualTo("requires_action");
        var confirmed = post("/v1/payment_intents/" + required + "/confirm",
                "payment_method_options[card][three_d_secure][cryptogram]=AAAA"
                        + "&payment_method_options[card][three_d_secure][transaction_id]=tx",
                "t2");
        assertThat(confirmed.body()).contains("\"status\":\"requires_capture\"");

        String denied = id(post("/v1/payment_intents", create("spt_test_3ds_denied", "cs_4"), "t3").body());
        var failed = post("/v1/payment_intents/" + denied + "/confirm",
                "payment_method_options[card][three_d_secure][cryptogram]=AAAA", "t4");
        assertThat(failed.statusCode()).isEqualTo(402);
        assertThat(failed.body()).contains("payment_intent_authentication_failure");
    }

    @Test
    void grantedTokens_carryUsageLimits() throws Exception {
        assertThat(get("/v1/shared_payment/granted_tokens/spt_test_over_allowance").body())
                .contains("\"max_amount\":100", "\"currency\":\"usd\"");
        String expired = get("/v1/shared_payment/granted_tokens/spt_test_expired").body();
        long expiresAt = Long.parseLong(expired.replaceAll(".*\"expires_at\":(\\d+).*", "$1"));
        assertThat(Instant.ofEpochSecond(expiresAt)).isBefore(Instant.now());
        assertThat(get("/v1/shared_payment/granted_tokens/spt_test_deactivated").body()).contains("\"deactivated_reason\":\"revoked\"");
        assertThat(get("/v1/shared_payment/granted_tokens/nope").statusCode()).isEqualTo(404);
        stripe.grantToken("spt_eur", "eur", 5000, Instant.now().plusSeconds(60), false);
        assertThat(get("/v1/shared_payment/granted_tokens/spt_eur").body()).contains("\"currency\":\"eur\"");
    }

    @Test
    void timeoutToken_createsIntent_butAnswersLate_andReplayAnswersAtOnce() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/payment_intents"))
                .timeout(Duration.ofMillis(700))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "slow")
                .POST(HttpRequest.BodyPublishers.ofString(create("spt_test_timeout_succeeded", "cs_5")))
                .build();
        try {
            http.send(request, HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("expected a timeout");
        } catch (HttpTimeoutException expected) {
            // the client gave up; the PaymentIntent exists anyway
        }
        long until = System.currentTimeMillis() + 5000;
        while (stripe.successfulPaymentIntents("cs_5") == 0 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertThat(stripe.requests("POST", "/v1/payment_intents")).isEqualTo(1);
        assertThat(stripe.successfulPaymentIntents("cs_5")).isEqualTo(1);
        var replay = post("/v1/payment_intents", create("spt_test_timeout_succeeded", "cs_5"), "slow");
        assertThat(replay.body()).contains("\"status\":\"requires_capture\"");
        assertThat(stripe.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void cancelAndRefund_followPaymentIntentState() throws Exception {
        String id = id(post("/v1/payment_intents", create("spt_test_success", "cs_6"), "c1").body());
        assertThat(post("/v1/payment_intents/" + id + "/cancel", "", "c2").body()).contains("\"status\":\"canceled\"");
        assertThat(post("/v1/payment_intents/" + id + "/capture", "", "c3").body())
                .contains("payment_intent_unexpected_state");

        String paid = id(post("/v1/payment_intents", create("spt_test_success", "cs_6"), "c4").body());
        post("/v1/payment_intents/" + paid + "/capture", "", "c5");
        var refund = post("/v1/refunds", "payment_intent=" + paid + "&amount=500", "c6");
        assertThat(refund.body()).contains("\"object\":\"refund\"", "\"amount\":500");
        assertThat(stripe.refunds()).isEqualTo(1);
        assertThat(stripe.cancels()).isEqualTo(1);
    }

    @Test
    void search_byMetadata_findsThePaymentIntent_andRefundsAreListedPerIntent() throws Exception {
        String id = id(post("/v1/payment_intents", create("spt_test_success", "cs_7") + "&metadata[payment_id]=pay_7", "s1").body());
        var found = get("/v1/payment_intents/search?query=" + java.net.URLEncoder.encode(
                "metadata['payment_id']:'pay_7'", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(found.body()).contains("\"object\":\"search_result\"", "\"id\":\"" + id + "\"");
        assertThat(get("/v1/payment_intents/search?query=metadata%5B%27payment_id%27%5D%3A%27nope%27").body())
                .contains("\"data\":[]");

        post("/v1/payment_intents/" + id + "/capture", "", "s2");
        post("/v1/refunds", "payment_intent=" + id + "&amount=400&metadata[refund_id]=rf_1", "s3");
        post("/v1/refunds", "payment_intent=" + id + "&amount=100&metadata[refund_id]=rf_2", "s4");
        var listed = get("/v1/refunds?payment_intent=" + id);
        assertThat(listed.body()).contains("\"refund_id\":\"rf_1\"", "\"refund_id\":\"rf_2\"");
        assertThat(stripe.amountRefunded(id)).isEqualTo(500);
        assertThat(post("/v1/refunds", "payment_intent=" + id + "&amount=1001", "s5").statusCode()).isEqualTo(400);
        assertThat(stripe.chargeObject(id)).containsEntry("amount_refunded", 500L).containsEntry("payment_intent", id);
    }

    @Test
    void webhooks_areSignedLikeStripe() throws Exception {
        {
            String payload = stripe.webhookEvent("charge.dispute.created", java.util.Map.of("id", "dp_1"));
            assertThat(payload).contains("\"type\":\"charge.dispute.created\"", "\"object\":{\"id\":\"dp_1\"}");
            Instant at = Instant.ofEpochSecond(1_700_000_000L);
            // reference: printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_x
            assertThat(StripeStandIn.signature("{}", "whsec_x", at)).isEqualTo(
                    "t=1700000000,v1=be8cb8325f2202445260a855532f967e30ad2a9394ce28da66ee02880ddcb661");
        }
    }

    @Test
    void listsPaymentIntentsNewestFirst_inPages() throws Exception {
        String first = id(post("/v1/payment_intents", create("spt_test_success", "cs_l1"), "l1").body());
        String second = id(post("/v1/payment_intents", create("spt_test_decline", "cs_l2"), "l2").body());
        String third = id(post("/v1/payment_intents", create("spt_test_success", "cs_l3"), "l3").body());

        String page = get("/v1/payment_intents?limit=2").body();
        assertThat(page).contains("\"has_more\":true", third, second).doesNotContain(first);
        assertThat(page.indexOf(third)).isLessThan(page.indexOf(second));
        String next = get("/v1/payment_intents?limit=2&starting_after=" + second).body();
        assertThat(next).contains("\"has_more\":false", first, "\"checkout_session_id\":\"cs_l1\"")
                .doesNotContain(second);
        assertThat(get("/v1/payment_intents?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/v1/payment_intents?starting_after=pi_nope").statusCode()).isEqualTo(404);
    }

    private static String create(String token, String session) {
        return "amount=1500&currency=usd&capture_method=manual&confirm=true&shared_payment_granted_token=" + token
                + "&metadata[checkout_session_id]=" + session;
    }

    private static String id(String body) {
        return body.replaceAll(".*?\"id\":\"(pi_[^\"]+)\".*", "$1");
    }

    private HttpResponse<String> post(String path, String form, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
