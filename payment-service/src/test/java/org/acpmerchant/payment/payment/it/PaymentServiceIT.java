package org.acpmerchant.payment.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.net.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.PaymentVoidRequested;
import org.acpmerchant.events.order.OrderCanceled;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** payment-service against a real PostgreSQL, an in-process Kafka broker and the Stripe stand-in. */
class PaymentServiceIT extends PaymentServiceIntegrationTest {

    @Autowired CrashingPaymentGateway crashingGateway;

    @ParameterizedTest
    @CsvSource({
        "spt_test_success, payment.PaymentAuthorized, ",
        "spt_test_decline, payment.PaymentDeclined, generic_decline",
        "spt_test_insufficient_funds, payment.PaymentDeclined, insufficient_funds",
        "spt_test_expired, payment.PaymentDeclined, credential_expired",
        "spt_test_over_allowance, payment.PaymentDeclined, credential_over_allowance",
        "spt_test_3ds_required, payment.PaymentAuthenticationRequired, ",
        "spt_test_3ds_denied, payment.PaymentAuthenticationRequired, ",
        "spt_test_timeout_succeeded, payment.PaymentAuthorized, ",
    })
    void testToken_endToEnd_publishesOutcome(String token, String outcome, String declineCode) throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, token, null));

        IntegrationEvent event = awaitEvent(paymentId, outcome);
        if (event instanceof PaymentDeclined declined) {
            assertThat(declined.declineCode()).isEqualTo(declineCode);
            assertThat(declined.message()).isNotBlank();
        }
        int expectedIntents = outcome.equals("payment.PaymentDeclined") && !token.contains("decline")
                && !token.contains("insufficient") ? 0 : 1;
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(expectedIntents);
    }

    @Test
    void threeDs_continuedWithSamePaymentId_authorizesTheSamePaymentIntent() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, "spt_test_3ds_required", null));
        String intent = ((PaymentAuthenticationRequired) awaitEvent(paymentId, "payment.PaymentAuthenticationRequired"))
                .providerReference();

        publish(paymentRequested(paymentId, session, "spt_test_3ds_required",
                new AuthenticationOutcome("authenticated", "05", "AAABBBCCC", "tx_1", "2.2.0")));
        PaymentAuthorized authorized = (PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized");
        assertThat(authorized.providerReference()).isEqualTo(intent);
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(1);
    }

    @Test
    void threeDs_deniedAtIssuer_orByAgentOutcome_declines() throws Exception {
        String session = session();
        String deniedAtIssuer = "pay_" + UUID.randomUUID();
        publish(paymentRequested(deniedAtIssuer, session, "spt_test_3ds_denied", null));
        awaitEvent(deniedAtIssuer, "payment.PaymentAuthenticationRequired");
        publish(paymentRequested(deniedAtIssuer, session, "spt_test_3ds_denied",
                new AuthenticationOutcome("authenticated", "05", "AAABBBCCC", "tx_1", "2.2.0")));
        assertThat(((PaymentDeclined) awaitEvent(deniedAtIssuer, "payment.PaymentDeclined")).declineCode())
                .isEqualTo("authentication_failed");

        String deniedByAgent = "pay_" + UUID.randomUUID();
        publish(paymentRequested(deniedByAgent, session, "spt_test_3ds_required", null));
        awaitEvent(deniedByAgent, "payment.PaymentAuthenticationRequired");
        publish(paymentRequested(deniedByAgent, session, "spt_test_3ds_required",
                new AuthenticationOutcome("denied", null, null, null, null)));
        assertThat(((PaymentDeclined) awaitEvent(deniedByAgent, "payment.PaymentDeclined")).declineCode())
                .isEqualTo("authentication_failed");
    }

    /** A request an earlier release published on the former shared topic is still served after an upgrade. */
    @Test
    void paymentRequested_onTheFormerSharedTopic_stillAuthorizes() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publishOn(Topics.CHECKOUT_EVENTS, message(EventTypes.PAYMENT_REQUESTED,
                paymentRequested(paymentId, session, "spt_test_success", null)));

        awaitEvent(paymentId, "payment.PaymentAuthorized");
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(1);
    }

    /**
     * Twelve sessions' steps on one partition, with Stripe answering after 300 ms: they run side by side, not one
     * after another (ADR 0058), and each session's steps stay in order. A family: every third session's charge
     * crashes once after Stripe accepted it, every third is voided right after its request, the rest captured after
     * the order; each buyer is charged at most once and ends as asked.
     */
    @Test
    void onePartitionsSteps_runSideBySide_inOrderPerSession_chargingEachBuyerOnce() throws Exception {
        int sessions = 12;
        List<String> ids = new java.util.ArrayList<>();
        List<String> sessionIds = new java.util.ArrayList<>();
        List<IntegrationMessage> requests = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String session = session();
            String paymentId = "pay_" + UUID.randomUUID();
            sessionIds.add(session);
            ids.add(paymentId);
            if (i % 3 == 0) {
                crashingGateway.crashOnceAfterAuthorize.add(paymentId);
            }
            requests.add(message(EventTypes.PAYMENT_REQUESTED,
                    paymentRequested(paymentId, session, "spt_test_success", null)));
        }
        stripe.latency(Duration.ofMillis(300));
        try {
            stripe.resetRequestsInFlightPeak();
            for (int i = 0; i < sessions; i++) {
                publishOnPartition0(Topics.PAYMENT_REQUESTS, requests.get(i));
                if (i % 3 == 1) {
                    publishOnPartition0(Topics.PAYMENT_REQUESTS, message(EventTypes.PAYMENT_VOID_REQUESTED,
                            new PaymentVoidRequested(ids.get(i), sessionIds.get(i), "order rejected", Instant.now())));
                }
            }
            for (int i = 0; i < sessions; i++) {
                awaitEvent(ids.get(i), "payment.PaymentAuthorized");
                if (i % 3 == 1) {
                    awaitEvent(ids.get(i), "payment.PaymentVoided");
                } else {
                    publishOnPartition0(Topics.ORDER_EVENTS, message(EventTypes.ORDER_CREATED, new OrderCreated(
                            "ord_" + UUID.randomUUID(), sessionIds.get(i), ids.get(i), "res_1",
                            "https://shop.example/orders/1", 2599, "usd", Instant.now())));
                }
            }
            for (int i = 0; i < sessions; i++) {
                if (i % 3 != 1) {
                    awaitEvent(ids.get(i), "payment.PaymentCaptured");
                }
            }
            // one consumer per partition calling Stripe on its own thread had one call in flight at a time
            assertThat(stripe.requestsInFlightPeak()).isGreaterThanOrEqualTo(4);
        } finally {
            stripe.latency(Duration.ZERO);
        }
        for (int i = 0; i < sessions; i++) {
            String session = sessionIds.get(i);
            List<String> intents = stripe.paymentIntentIds(session);
            assertThat(intents).as("PaymentIntents of session %d", i).hasSize(1);
            assertThat(stripe.paymentIntentStatus(intents.get(0))).as("session %d", i)
                    .isEqualTo(i % 3 == 1 ? "canceled" : "succeeded");
            assertThat(count(ids.get(i), "PaymentAuthorized")).isEqualTo(1);
            assertThat(count(ids.get(i), i % 3 == 1 ? "PaymentVoided" : "PaymentCaptured")).isEqualTo(1);
            if (i % 3 == 0) {
                assertThat(crashingGateway.crashed).contains(ids.get(i));
            }
        }
    }

    @Test
    void orderCreated_capturesTheAuthorization() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, "spt_test_success", null));
        String intent = ((PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized")).providerReference();

        OrderCreated order = new OrderCreated("ord_" + UUID.randomUUID(), session, paymentId, "res_1",
                "https://shop.example/orders/1", 2599, "usd", Instant.now());
        IntegrationMessage message = message(EventTypes.ORDER_CREATED, order);
        publish(message);
        publish(message);
        IntegrationMessage repeated = message(EventTypes.ORDER_CREATED, order);
        publish(repeated);
        PaymentCaptured captured = (PaymentCaptured) awaitEvent(paymentId, "payment.PaymentCaptured");
        assertThat(captured.orderId()).isEqualTo(order.orderId());
        assertThat(captured.amountMinor()).isEqualTo(2599);
        assertThat(stripe.paymentIntentStatus(intent)).isEqualTo("succeeded");
        awaitHandled(repeated);
        assertThat(count(paymentId, "PaymentCaptured")).isEqualTo(1);
    }

    @Test
    void redeliveredPaymentRequested_chargesOnce() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        IntegrationMessage message = message(EventTypes.PAYMENT_REQUESTED, paymentRequested(paymentId, session, "spt_test_success", null));
        publish(message);
        publish(message);
        IntegrationMessage repeated =
                message(EventTypes.PAYMENT_REQUESTED, paymentRequested(paymentId, session, "spt_test_success", null));
        publish(repeated);
        awaitEvent(paymentId, "payment.PaymentAuthorized");
        awaitHandled(repeated);
        assertThat(stripe.successfulPaymentIntents(session)).isEqualTo(1);
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(1);
        assertThat(count(paymentId, "PaymentAuthorized")).isEqualTo(1);
    }

    @Test
    void crashAfterTheChargeBeforeTheEventIsStored_redeliveryChargesOnce() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        crashingGateway.crashOnceAfterAuthorize.add(paymentId);
        IntegrationMessage request =
                message(EventTypes.PAYMENT_REQUESTED, paymentRequested(paymentId, session, "spt_test_success", null));
        publish(request);

        awaitEvent(paymentId, "payment.PaymentAuthorized");
        assertThat(crashingGateway.crashed).contains(paymentId);
        // its inbox row commits with the stored outcome: the message is not handled again
        awaitHandled(request);
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(1);
        assertThat(stripe.successfulPaymentIntents(session)).isEqualTo(1);
        assertThat(count(paymentId, "PaymentAuthorized")).isEqualTo(1);
        assertThat(observer.messages.stream()
                        .filter(m -> m.type() == EventTypes.PAYMENT_AUTHORIZED)
                        .filter(m -> ((PaymentAuthorized) m.event()).paymentId().equals(paymentId))
                        .map(IntegrationMessage::messageId)
                        .distinct()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void voidRequested_releasesTheAuthorization() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, "spt_test_success", null));
        String intent = ((PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized")).providerReference();

        publish(message(EventTypes.PAYMENT_VOID_REQUESTED,
                new PaymentVoidRequested(paymentId, session, "order rejected", Instant.now())));
        awaitEvent(paymentId, "payment.PaymentVoided");
        assertThat(stripe.paymentIntentStatus(intent)).isEqualTo("canceled");
    }

    @Test
    void voidRequestedBeforeThePayment_meansNoChargeLater() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(message(EventTypes.PAYMENT_VOID_REQUESTED,
                new PaymentVoidRequested(paymentId, session, "saga timed out", Instant.now())));
        awaitEvent(paymentId, "payment.PaymentVoided");
        IntegrationMessage late =
                message(EventTypes.PAYMENT_REQUESTED, paymentRequested(paymentId, session, "spt_test_success", null));
        publish(late);
        awaitHandled(late);
        assertThat(stripe.paymentIntentsCreated(session)).isZero();
        assertThat(count(paymentId, "PaymentAuthorized")).isZero();
    }

    @Test
    void webhook_verifiesSignature_andReconcilesOncePerStripeEvent() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, "spt_test_success", null));
        String intent = ((PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized")).providerReference();

        String payload = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"object\":\"event\",\"type\":\"payment_intent.canceled\","
                + "\"api_version\":\"2025-01-01\",\"created\":" + Instant.now().getEpochSecond() + ",\"livemode\":false,"
                + "\"data\":{\"object\":{\"id\":\"" + intent + "\",\"object\":\"payment_intent\",\"status\":\"canceled\","
                + "\"metadata\":{\"payment_id\":\"" + paymentId + "\",\"checkout_session_id\":\"" + session + "\"}}}}";
        assertThat(postWebhook(payload, "t=1,v1=deadbeef")).isEqualTo(400);
        assertThat(postWebhook(payload, sign(payload))).isEqualTo(200);
        assertThat(postWebhook(payload, sign(payload))).isEqualTo(200);

        awaitEvent(paymentId, "payment.PaymentVoided");
        assertThat(count(paymentId, "PaymentVoided")).isEqualTo(1);
        String unknown = payload.replace(paymentId, "pay_unknown").replace("\"id\":\"evt_", "\"id\":\"evt_x");
        assertThat(postWebhook(unknown, sign(unknown))).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "select count(*) from stripe_webhook_event where payment_id = ?", Integer.class, paymentId))
                .isEqualTo(1);
    }

    @Test
    void refunds_partialThenOverThenRest_eachAnsweredOnce_neverMoreThanCaptured() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        String intent = captured(paymentId, session);

        IntegrationMessage partial = message(EventTypes.REFUND_REQUESTED, refundRequested("rf_a", paymentId, session, 1000));
        publish(partial);
        publish(partial);
        PaymentRefunded refunded = (PaymentRefunded) awaitEvent(paymentId, "payment.PaymentRefunded");
        assertThat(refunded.refundId()).isEqualTo("rf_a_" + paymentId);
        assertThat(refunded.providerReference()).startsWith("re_");

        publish(refundRequested("rf_b", paymentId, session, 2000));
        PaymentRefundFailed refused = (PaymentRefundFailed) awaitEvent(paymentId, "payment.PaymentRefundFailed");
        assertThat(refused.reason()).contains("exceeds");
        IntegrationMessage rest = message(EventTypes.REFUND_REQUESTED, refundRequested("rf_c", paymentId, session, 1599));
        publish(rest);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(paymentId, "PaymentRefunded") == 2);
        awaitHandled(rest);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(2599);
        assertThat(stripe.requests("POST", "/v1/refunds")).isGreaterThanOrEqualTo(2);
        assertThat(count(paymentId, "PaymentRefunded")).isEqualTo(2);
        assertThat(count(paymentId, "PaymentRefundFailed")).isEqualTo(1);
    }

    @Test
    void orderCanceled_refundsACapturedPaymentInFull_andVoidsAnAuthorizedOne() throws Exception {
        String session = session();
        String paid = "pay_" + UUID.randomUUID();
        String intent = captured(paid, session);
        OrderCanceled canceled = new OrderCanceled("ord_" + paid, session, paid, "res_1", "merchant", Instant.now());
        publish(canceled);
        publish(canceled);
        PaymentRefunded refunded = (PaymentRefunded) awaitEvent(paid, "payment.PaymentRefunded");
        assertThat(refunded.amountMinor()).isEqualTo(2599);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(2599);

        String held = "pay_" + UUID.randomUUID();
        publish(paymentRequested(held, session, "spt_test_success", null));
        String heldIntent = ((PaymentAuthorized) awaitEvent(held, "payment.PaymentAuthorized")).providerReference();
        IntegrationMessage heldCanceled = message(EventTypes.ORDER_CANCELED,
                new OrderCanceled("ord_" + held, session, held, "res_2", "merchant", Instant.now()));
        publish(heldCanceled);
        awaitEvent(held, "payment.PaymentVoided");
        assertThat(stripe.paymentIntentStatus(heldIntent)).isEqualTo("canceled");
        // both OrderCanceled of the paid payment were handled before this later one in their partition
        awaitHandled(heldCanceled);
        assertThat(count(paid, "PaymentRefunded")).isEqualTo(1);
    }

    @Test
    void captureFailure_isPublished() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        publish(paymentRequested(paymentId, session, "spt_test_success", null));
        String intent = ((PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized")).providerReference();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/payment_intents/"
                        + intent + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        publish(new OrderCreated("ord_" + paymentId, session, paymentId, "res_1", "https://shop.example/o", 2599, "usd",
                Instant.now()));
        PaymentCaptureFailed failed = (PaymentCaptureFailed) awaitEvent(paymentId, "payment.PaymentCaptureFailed");
        assertThat(failed.orderId()).isEqualTo("ord_" + paymentId);
        assertThat(failed.sessionId()).isEqualTo(session);
    }

    @Test
    void signedStripeWebhooks_disputes_refundsMadeElsewhere_andDeactivatedTokens() throws Exception {
        String session = session();
        String paymentId = "pay_" + UUID.randomUUID();
        String intent = captured(paymentId, session);
        String url = "http://localhost:" + port + "/stripe/webhooks";

        String opened = stripe.webhookEvent("charge.dispute.created",
                stripe.disputeObject(intent, "dp_" + paymentId, "needs_response", "fraudulent"));
        assertThat(stripe.deliverWebhook(url, WEBHOOK_SECRET, opened)).isEqualTo(200);
        assertThat(stripe.deliverWebhook(url, WEBHOOK_SECRET, opened)).isEqualTo(200);
        PaymentDisputed disputed = (PaymentDisputed) awaitEvent(paymentId, "payment.PaymentDisputed");
        assertThat(disputed.status()).isEqualTo("needs_response");
        assertThat(disputed.orderId()).isEqualTo("ord_" + paymentId);
        assertThat(stripe.sendWebhook(url, WEBHOOK_SECRET, "charge.dispute.closed",
                stripe.disputeObject(intent, "dp_" + paymentId, "lost", "fraudulent"))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(paymentId, "PaymentDisputed") == 2);
        assertThat(stripe.sendWebhook(url, "whsec_wrong", "charge.dispute.closed",
                stripe.disputeObject(intent, "dp_" + paymentId, "won", "fraudulent"))).isEqualTo(400);

        // a refund made in the Dashboard (not through us) is recorded when charge.refunded arrives
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + "/v1/refunds"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("payment_intent=" + intent + "&amount=99")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(stripe.sendWebhook(url, WEBHOOK_SECRET, "charge.refunded", stripe.chargeObject(intent))).isEqualTo(200);
        PaymentRefunded elsewhere = (PaymentRefunded) awaitEvent(paymentId, "payment.PaymentRefunded");
        assertThat(elsewhere.amountMinor()).isEqualTo(99);

        String token = "spt_revoked_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(stripe.sendWebhook(url, WEBHOOK_SECRET, "shared_payment.granted_token.deactivated",
                stripe.grantedTokenObject(token))).isEqualTo(200);
        String later = "pay_" + UUID.randomUUID();
        publish(paymentRequested(later, session, token, null));
        assertThat(((PaymentDeclined) awaitEvent(later, "payment.PaymentDeclined")).declineCode())
                .isEqualTo("credential_revoked");
        assertThat(stripe.paymentIntentsCreated(session)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from granted_token_status where token_sha256 like ?",
                Integer.class, token)).isZero();
    }

    /**
     * Measurement, never an assertion: the payment step (PaymentRequested published → PaymentAuthorized consumed) over
     * {@code -Dpayment.benchmark.payments=N} sequential payments against the stand-in.
     */
    @Test
    @EnabledIfSystemProperty(named = "payment.benchmark.payments", matches = "\\d+")
    void benchmark_paymentStepLatency() throws Exception {
        int n = Integer.getInteger("payment.benchmark.payments");
        String session = session();
        int requestsBefore = stripe.totalRequests();
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            String paymentId = "pay_bench_" + UUID.randomUUID();
            long started = System.nanoTime();
            publish(paymentRequested(paymentId, session, "spt_test_success", null));
            awaitEvent(paymentId, "payment.PaymentAuthorized", Duration.ofMillis(2));
            micros[i] = (System.nanoTime() - started) / 1000;
        }
        java.util.Arrays.sort(micros);
        System.out.printf("[payment-benchmark] payments=%d median=%.1f ms p99=%.1f ms max=%.1f ms stripe-requests/payment=%.2f%n",
                n, micros[n / 2] / 1000.0, micros[(int) Math.ceil(n * 0.99) - 1] / 1000.0, micros[n - 1] / 1000.0,
                (stripe.totalRequests() - requestsBefore) / (double) n);
        // the part inside the command handler (the Stripe calls): PaymentInitiated → PaymentAuthorized timestamps
        java.util.Map<String, Instant> initiated = new java.util.HashMap<>();
        List<Long> handler = new java.util.ArrayList<>();
        jdbc.query("select aggregate_identifier, payload_type, time_stamp from domain_event_entry"
                        + " where aggregate_identifier like 'pay_bench_%' order by global_index",
                rs -> {
                    Instant at = Instant.parse(rs.getString(3));
                    if (rs.getString(2).endsWith("PaymentInitiated")) {
                        initiated.put(rs.getString(1), at);
                    } else if (rs.getString(2).endsWith("PaymentAuthorized") && initiated.containsKey(rs.getString(1))) {
                        handler.add(Duration.between(initiated.get(rs.getString(1)), at).toMillis());
                    }
                });
        handler.sort(null);
        if (!handler.isEmpty()) {
            System.out.printf("[payment-benchmark] in-handler (Stripe calls) median=%d ms p99=%d ms%n",
                    handler.get(handler.size() / 2), handler.get((int) Math.ceil(handler.size() * 0.99) - 1));
        }
    }

    /** An authorized and captured payment of 2599 usd for order {@code ord_<paymentId>}; returns the PaymentIntent. */
    private String captured(String paymentId, String session) throws Exception {
        publish(paymentRequested(paymentId, session, "spt_test_success", null));
        String intent = ((PaymentAuthorized) awaitEvent(paymentId, "payment.PaymentAuthorized")).providerReference();
        publish(new OrderCreated("ord_" + paymentId, session, paymentId, "res_1", "https://shop.example/o", 2599, "usd",
                Instant.now()));
        awaitEvent(paymentId, "payment.PaymentCaptured");
        return intent;
    }

    private static RefundRequested refundRequested(String refundId, String paymentId, String session, long amount) {
        return new RefundRequested(refundId + "_" + paymentId, "ord_" + paymentId, session, paymentId, amount, "usd",
                List.of(), "damaged", Instant.now());
    }

    private int postWebhook(String payload, String signature) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/stripe/webhooks"))
                                .header("Content-Type", "application/json")
                                .header("Stripe-Signature", signature)
                                .POST(HttpRequest.BodyPublishers.ofString(payload))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String sign(String payload) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(WEBHOOK_SECRET, timestamp + "." + payload);
    }

    private static String session() {
        return "cs_" + UUID.randomUUID();
    }

    private static PaymentRequested paymentRequested(
            String paymentId, String session, String token, AuthenticationOutcome authentication) {
        return new PaymentRequested(paymentId, session, "att_" + UUID.randomUUID(), 2599, "usd", "stripe_spt", "spt",
                token, authentication, Instant.now());
    }

    private static IntegrationMessage message(EventTypes type, IntegrationEvent event) {
        return new IntegrationMessage(UUID.randomUUID().toString(), type, event, Instant.now(), event.sessionId(), null);
    }

    private void publish(IntegrationEvent event) throws Exception {
        publish(message(EventTypes.of(event.getClass()).orElseThrow(), event));
    }

    private void publish(IntegrationMessage message) throws Exception {
        publishOn(message.type().topic(), message);
    }

    private void publishOnPartition0(String topic, IntegrationMessage message) throws Exception {
        publishOn(topic, 0, message);
    }

    private void publishOn(String topic, IntegrationMessage message) throws Exception {
        publishOn(topic, null, message); // the partition of the session's key
    }

    private void publishOn(String topic, Integer partition, IntegrationMessage message) throws Exception {
        kafka.send(new ProducerRecord<>(topic, partition, message.event().sessionId(), codec.encode(message))).get();
    }

    private IntegrationEvent awaitEvent(String paymentId, String wireName) {
        return awaitEvent(paymentId, wireName, Duration.ofMillis(100));
    }

    private IntegrationEvent awaitEvent(String paymentId, String wireName, Duration poll) {
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(poll).until(
                () -> observer.messages.stream()
                        .filter(m -> m.type().wireName().equals(wireName))
                        .map(IntegrationMessage::event)
                        .filter(e -> paymentId.equals(paymentIdOf(e)))
                        .findFirst()
                        .orElse(null),
                e -> e != null);
    }

    private static String paymentIdOf(IntegrationEvent event) {
        try {
            return (String) event.getClass().getMethod("paymentId").invoke(event);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private int count(String paymentId, String eventName) {
        return jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Integer.class, paymentId, "%" + eventName);
    }
}
