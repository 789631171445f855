package org.acpmerchant.payment.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.payment.payment.api.PaymentEvent.RefundInitiated;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One payment's ledger lives far past 50 events on real PostgreSQL (Axon's JDBC event store), Kafka and the Stripe
 * stand-in: 30 partial refunds requested by order-service (each initiated, then refunded at the PSP), a refund in the
 * wrong currency, redeliveries, a dispute opened and won, and a refund made in the Dashboard picked up by a
 * {@code charge.refunded} webhook. The Payment aggregate has no cache and no snapshots: every command after the 50th
 * event is handled by an aggregate replayed from all its stored events. The refunds it refuses name the refundable
 * amount that replayed aggregate computed; it must match the ledger read back from the store and Stripe's own total.
 */
class LongPaymentIT extends PaymentServiceIntegrationTest {

    static final long CAPTURED = 5000;

    @Autowired EventStore eventStore;

    @Test
    void seventyEventsOnOnePayment_theLedgerAddsUp_andWhatRemainsIsStillEnforced() throws Exception {
        String session = "cs_" + UUID.randomUUID();
        String paymentId = "pay_" + UUID.randomUUID();
        String orderId = "ord_" + paymentId;
        String webhooks = "http://localhost:" + port + "/stripe/webhooks";
        publish(message(new PaymentRequested(paymentId, session, "att_" + UUID.randomUUID(), CAPTURED, "usd",
                "stripe_spt", "spt", "spt_test_success", null, Instant.now())));
        awaitCount(paymentId, "PaymentAuthorized", 1);
        String intent = stripe.paymentIntentIds(session).get(0);
        publish(message(new OrderCreated(orderId, session, paymentId, "res_1", "https://shop.example/o", CAPTURED,
                "usd", Instant.now())));
        awaitCount(paymentId, "PaymentCaptured", 1);

        // 30 partial refunds, a refund in the wrong currency, and two redeliveries of refund 5
        Map<String, Long> refunds = new LinkedHashMap<>();
        IntegrationMessage fifth = null;
        for (int i = 1; i <= 30; i++) {
            String refundId = "rf_" + i + "_" + paymentId;
            long amount = 5L * i + 1;
            refunds.put(refundId, amount);
            IntegrationMessage request = message(refund(refundId, orderId, session, paymentId, amount, "usd"));
            publish(request);
            if (i == 5) {
                fifth = request;
            }
            if (i == 10) {
                publish(message(refund("rf_eur_" + paymentId, orderId, session, paymentId, 100, "eur")));
            }
            if (i == 20) {
                publish(fifth);
                publish(message(refund("rf_5_" + paymentId, orderId, session, paymentId, 26, "usd")));
            }
        }
        awaitCount(paymentId, "PaymentRefunded", 30);
        awaitCount(paymentId, "PaymentRefundFailed", 1);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(2355);

        // a dispute opened and won (two events), then a refund of 99 made in the Dashboard, recorded by a webhook
        assertThat(stripe.sendWebhook(webhooks, WEBHOOK_SECRET, "charge.dispute.created",
                stripe.disputeObject(intent, "dp_" + paymentId, "needs_response", "fraudulent"))).isEqualTo(200);
        assertThat(stripe.sendWebhook(webhooks, WEBHOOK_SECRET, "charge.dispute.closed",
                stripe.disputeObject(intent, "dp_" + paymentId, "won", "fraudulent"))).isEqualTo(200);
        HttpResponse<String> dashboard = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stripe.baseUrl() + "/v1/refunds"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("payment_intent=" + intent + "&amount=99")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
        assertThat(stripe.sendWebhook(webhooks, WEBHOOK_SECRET, "charge.refunded", stripe.chargeObject(intent)))
                .isEqualTo(200);
        assertThat(count(paymentId, "PaymentDisputed")).isEqualTo(2);
        assertThat(count(paymentId, "PaymentRefunded")).as("only the Dashboard refund is new").isEqualTo(31);

        int events = count(paymentId, "");
        assertThat(events).as("events on payment %s", paymentId).isGreaterThanOrEqualTo(60);
        assertThat(jdbc.queryForObject("select max(sequence_number) from domain_event_entry where aggregate_identifier = ?",
                Long.class, paymentId)).isEqualTo(events - 1L);
        assertThat(count(paymentId, "RefundInitiated")).as("refund 5 redelivered is not initiated again").isEqualTo(30);

        // the ledger read back from the store: every refund once, for its amount, plus the Dashboard's
        Map<String, Long> refunded = refundedInStore(paymentId);
        assertThat(refunded).hasSize(31).containsAllEntriesOf(refunds);
        long total = refunded.values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(2355 + 99).isEqualTo(stripe.amountRefunded(intent));
        assertThat(reasonOf(paymentId, "rf_eur_" + paymentId)).isEqualTo("the refund currency eur is not the payment's usd");
        long remaining = CAPTURED - total;

        // one unit more than remains is refused, naming what the replayed aggregate finds refundable
        publish(message(refund("rf_over_" + paymentId, orderId, session, paymentId, remaining + 1, "usd")));
        awaitCount(paymentId, "PaymentRefundFailed", 2);
        assertThat(reasonOf(paymentId, "rf_over_" + paymentId))
                .isEqualTo("the refund of " + (remaining + 1) + " exceeds the " + remaining + " refundable");
        assertThat(stripe.amountRefunded(intent)).isEqualTo(total);

        // exactly what remains is refunded; then nothing is left
        publish(message(refund("rf_rest_" + paymentId, orderId, session, paymentId, remaining, "usd")));
        awaitCount(paymentId, "PaymentRefunded", 32);
        assertThat(refundedInStore(paymentId).get("rf_rest_" + paymentId)).isEqualTo(remaining);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(CAPTURED);
        publish(message(refund("rf_last_" + paymentId, orderId, session, paymentId, 1, "usd")));
        awaitCount(paymentId, "PaymentRefundFailed", 3);
        assertThat(reasonOf(paymentId, "rf_last_" + paymentId)).isEqualTo("the refund of 1 exceeds the 0 refundable");

        // Stripe reporting all 33 refunds again records nothing new
        assertThat(stripe.sendWebhook(webhooks, WEBHOOK_SECRET, "charge.refunded", stripe.chargeObject(intent)))
                .isEqualTo(200);
        assertThat(refundedInStore(paymentId).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CAPTURED);
        assertThat(count(paymentId, "")).isEqualTo(events + 4);
        assertThat(stripe.amountRefunded(intent)).isEqualTo(CAPTURED);
    }

    /** PaymentRefunded amounts by refund id, read back through Axon from the JDBC event store; a refund id twice fails. */
    private Map<String, Long> refundedInStore(String paymentId) {
        Map<String, Long> refunded = new LinkedHashMap<>();
        for (Object payload : payloads(paymentId)) {
            if (payload instanceof PaymentRefunded r) {
                assertThat(refunded.put(r.refundId(), r.amountMinor())).as("refund %s recorded twice", r.refundId())
                        .isNull();
            }
        }
        return refunded;
    }

    private String reasonOf(String paymentId, String refundId) {
        List<String> reasons = new ArrayList<>();
        for (Object payload : payloads(paymentId)) {
            if (payload instanceof PaymentRefundFailed f && f.refundId().equals(refundId)) {
                reasons.add(f.reason());
            }
            if (payload instanceof RefundInitiated r && r.refundId().equals(refundId)) {
                reasons.add("initiated");
            }
        }
        assertThat(reasons).as("refund %s", refundId).hasSize(1);
        return reasons.get(0);
    }

    private List<Object> payloads(String paymentId) {
        return eventStore.readEvents(paymentId).asStream().map(EventMessage::getPayload).map(p -> (Object) p).toList();
    }

    private void awaitCount(String paymentId, String eventName, int n) {
        Supplier<Integer> current = () -> count(paymentId, eventName);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> current.get() >= n);
        assertThat(current.get()).as("%s events", eventName).isEqualTo(n);
    }

    private int count(String paymentId, String eventName) {
        return jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                Integer.class, paymentId, "%" + eventName);
    }

    private static RefundRequested refund(String refundId, String orderId, String session, String paymentId,
            long amount, String currency) {
        return new RefundRequested(refundId, orderId, session, paymentId, amount, currency, List.of(), "damaged",
                Instant.now());
    }

    private static IntegrationMessage message(IntegrationEvent event) {
        return new IntegrationMessage(UUID.randomUUID().toString(), EventTypes.of(event.getClass()).orElseThrow(), event,
                Instant.now(), event.sessionId(), null);
    }

    private void publish(IntegrationMessage message) throws Exception {
        kafka.send(new ProducerRecord<>(message.type().topic(), message.event().sessionId(), codec.encode(message))).get();
    }
}
