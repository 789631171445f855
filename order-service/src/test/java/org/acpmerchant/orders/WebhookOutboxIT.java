package org.acpmerchant.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.orders.order.query.OrderWebhookProjection;
import org.acpmerchant.orders.webhook.WebhookDispatcher;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Parking past the horizon, ops redelivery, and a replay of the order-webhooks processor. Its own context: a 600 ms
 * horizon would park the other ITs' deliveries to a receiver that is down on purpose; closed after the class so that
 * it stops consuming and sending behind them.
 */
@SpringBootTest(
        classes = OrderServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=order-service")
@DirtiesContext
class WebhookOutboxIT {

    static final String SECRET = "whsec_outbox_secret";
    static final String TOKEN = "ops-token";
    static final WebhookReceiver receiver = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "orders");
        registry.add("spring.kafka.consumer.group-id", () -> "order-service-" + UUID.randomUUID());
        registry.add("acp.orders.webhooks.endpoints[0].name", () -> "agent");
        registry.add("acp.orders.webhooks.endpoints[0].url", receiver::url);
        registry.add("acp.orders.webhooks.endpoints[0].secret", () -> SECRET);
        registry.add("acp.orders.webhooks.allow-private-targets", () -> "true");
        registry.add("acp.orders.webhooks.initial-backoff", () -> "100ms");
        registry.add("acp.orders.webhooks.max-backoff", () -> "200ms");
        registry.add("acp.orders.webhooks.horizon", () -> "600ms");
        registry.add("acp.orders.webhooks.poll-interval", () -> "PT0.1S");
        registry.add("acp.orders.merchant-api-tokens", () -> "other-token," + TOKEN);
    }

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired IntegrationMessageCodec codec;
    @Autowired JdbcTemplate jdbc;
    @Autowired EventProcessingConfiguration processing;
    @Autowired WebhookDispatcher dispatcher;

    @Value("${local.server.port}")
    int port;

    @Test
    void parkedDelivery_blocksLaterOnes_untilOpsRedeliver() throws Exception {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
        receiver.down.set(true);
        try {
            publish(Topics.ORDER_REQUESTS, orderRequested(orderId));
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(orderId).equals(List.of("parked")));
            publish(Topics.PAYMENT_EVENTS,
                    new PaymentCaptured("pay_1", "cs_" + orderId, orderId, 1000, "usd", Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(orderId).equals(List.of("parked", "pending")));
        } finally {
            receiver.down.set(false);
        }
        // dispatch passes with the receiver back until one finds nothing due: the later delivery stays blocked
        drainDispatcher();
        assertThat(receiver.of(orderId)).isEmpty();
        assertThat(statuses(orderId)).containsExactly("parked", "pending");
        int attemptsWhileDown = jdbc.queryForObject("""
                select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                where d.order_id = ?""", Integer.class, orderId);
        assertThat(attemptsWhileDown).isGreaterThanOrEqualTo(2);

        String parked = jdbc.queryForObject(
                "select id from webhook_delivery where order_id = ? and status = 'parked'", String.class, orderId);
        assertThat(post("/merchant/webhook-deliveries/" + parked + "/redeliver").statusCode()).isEqualTo(202);
        assertThat(post("/merchant/webhook-deliveries/" + parked + "/redeliver").statusCode()).isIn(202, 409);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 2);
        assertThat(receiver.of(orderId)).extracting(WebhookReceiver.Received::status)
                .containsExactly("created", "confirmed");
        assertThat(receiver.of(orderId).get(0).requestId()).isEqualTo(parked);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(orderId).equals(List.of("delivered", "delivered")));
    }

    @Test
    void replay_rebuildsReadModel_andEnqueuesNothingTwice() throws Exception {
        String orderId = "ord_" + UUID.randomUUID().toString().replace("-", "");
        publish(Topics.ORDER_REQUESTS, orderRequested(orderId));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 1);
        // Other IT classes' events may still arrive from the shared broker: compare what the replay re-reads.
        TrackingEventProcessor processor = processing
                .eventProcessor(OrderWebhookProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> processor.processingStatus().values().stream()
                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head));
        int deliveriesBefore = deliveriesUpTo(head);
        processor.shutDown();
        processor.resetTokens();
        assertThat(jdbc.queryForObject("select count(*) from order_view", Integer.class)).isZero();
        processor.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from order_view where order_id = ?", Integer.class, orderId) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !processor.isReplaying());
        // past the replay every event up to the head was handled again; a dispatch pass sends anything it enqueued
        assertThat(deliveriesUpTo(head)).isEqualTo(deliveriesBefore);
        drainDispatcher();
        assertThat(receiver.accepted.stream().map(WebhookReceiver.Received::requestId).distinct().count())
                .isEqualTo(receiver.accepted.size());
        assertThat(jdbc.queryForObject("select status from order_view where order_id = ?", String.class, orderId))
                .isEqualTo("created");
    }

    private void drainDispatcher() {
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.dispatchDue() == 0);
    }

    private int deliveriesUpTo(long head) {
        return jdbc.queryForObject("""
                select count(*) from webhook_delivery d join domain_event_entry e on e.event_identifier = d.event_id
                where e.global_index <= ?""", Integer.class, head);
    }

    private List<String> statuses(String orderId) {
        return jdbc.queryForList(
                "select status from webhook_delivery where order_id = ? order by sequence", String.class, orderId);
    }

    private static OrderRequested orderRequested(String orderId) {
        return new OrderRequested(orderId, "cs_" + orderId, "pay_1", "res_1", "usd",
                List.of(new OrderLine("li_1", "item_1", "Pen", 1, 1000, 1000, 0, 1000)),
                Map.of("subtotal", 1000L, "total", 1000L), null, null, "digital", null, Instant.now());
    }

    private void publish(String topic, IntegrationEvent event) throws Exception {
        String id = UUID.randomUUID().toString();
        IntegrationMessage message = new IntegrationMessage(
                id, EventTypes.of(event.getClass()).orElseThrow(), event, Instant.now(), event.sessionId(), id);
        kafka.send(new ProducerRecord<>(topic, event.sessionId(), codec.encode(message))).get();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
