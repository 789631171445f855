package org.acpmerchant.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.JsonSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.orders.order.query.AcpOrderSchema;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrderServiceIT extends OrderServiceIntegrationTest {

    static final String TOKEN = MERCHANT_TOKEN;
    static final List<IntegrationMessage> published = new CopyOnWriteArrayList<>();
    static KafkaConsumer<String, String> consumer;
    static final JsonSchema orderSchema =
            AcpOrderSchema.specDir().map(dir -> AcpOrderSchema.definition(dir, "Order")).orElse(null);

    @BeforeAll
    static void consumeOrderEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "order-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.ORDER_EVENTS));
    }

    @AfterAll
    static void close() {
        consumer.close();
    }

    @Test
    void orderRequested_createsOrder_andDeliversSignedWebhooks_throughCaptureAndShipping() throws Exception {
        String orderId = newOrderId();
        publish(Topics.ORDER_REQUESTS, orderRequested(orderId, lines()));

        OrderCreated created = awaitPublished(orderId, OrderCreated.class);
        assertThat(created.permalinkUrl()).isEqualTo("http://localhost:8083/orders/" + orderId);
        assertThat(created.totalMinor()).isEqualTo(2660);

        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 1);
        WebhookReceiver.Received create = receiver.of(orderId).get(0);
        assertThat(create.type()).isEqualTo("order_create");
        assertThat(create.status()).isEqualTo("created");
        assertThat(create.requestId()).startsWith("whd_");
        assertThat(Instant.parse(create.timestamp())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(60, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(create.order().at("/line_items/0/quantity/ordered").asInt()).isEqualTo(2);
        assertValidOrder(create);

        publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, 2660, "usd", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 2);
        WebhookReceiver.Received update = receiver.of(orderId).get(1);
        assertThat(update.type()).isEqualTo("order_update");
        assertThat(update.status()).isEqualTo("confirmed");
        assertValidOrder(update);

        assertThat(merchant("/merchant/orders/" + orderId + "/ship", "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z999\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(merchant("/merchant/orders/" + orderId + "/ship", "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z999\"}", TOKEN).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 3);
        WebhookReceiver.Received shipped = receiver.of(orderId).get(2);
        assertThat(shipped.status()).isEqualTo("shipped");
        assertThat(shipped.order().at("/fulfillments/0/tracking_number").asText()).isEqualTo("1Z999");
        assertThat(shipped.order().at("/line_items/0/status").asText()).isEqualTo("fulfilled");
        assertValidOrder(shipped);
        assertThat(merchant("/merchant/orders/" + orderId + "/cancel", "{}", TOKEN).statusCode()).isEqualTo(409);
        assertThat(merchant("/merchant/orders/ord_missing/deliver", "{}", TOKEN).statusCode()).isEqualTo(404);
        assertThat(receiver.badSignatures.get()).isZero();
    }

    /** A request an earlier release published on the former shared topic is still served after an upgrade. */
    @Test
    void orderRequested_onTheFormerSharedTopic_stillCreatesTheOrder() throws Exception {
        String orderId = newOrderId();
        publish(Topics.CHECKOUT_EVENTS, orderRequested(orderId, lines()));

        assertThat(awaitPublished(orderId, OrderCreated.class).totalMinor()).isEqualTo(2660);
    }

    @Test
    void receiverDown_thenBack_deliversEveryEvent_inOrder() throws Exception {
        receiver.down.set(true);
        String orderId = newOrderId();
        try {
            publish(Topics.ORDER_REQUESTS, orderRequested(orderId, lines()));
            awaitPublished(orderId, OrderCreated.class);
            publish(Topics.PAYMENT_EVENTS, new PaymentCaptured("pay_" + orderId, "cs_" + orderId, orderId, 2660, "usd", Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(orderId) >= 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(orderId) == 2);
            merchant("/merchant/orders/" + orderId + "/ship", "{\"carrier\":\"DHL\"}", TOKEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(orderId) == 3);
            assertThat(receiver.of(orderId)).isEmpty();
            assertThat(jdbc.queryForList("""
                    select distinct d.event_type from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                    where d.order_id = ? and d.endpoint = 'agent'""", String.class, orderId)).containsExactly("order_create");
            assertThat(jdbc.queryForObject("""
                    select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                    where d.order_id = ? and d.endpoint = 'agent' and (a.status_code is null or a.status_code <> 500)""",
                    Integer.class, orderId)).isZero();
        } finally {
            receiver.down.set(false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 3);
        // every delivery recorded as delivered: nothing of this order is left to send, so what arrived is all
        await().atMost(Duration.ofSeconds(30)).until(() -> agentStatuses(orderId).equals(List.of("delivered",
                "delivered", "delivered")));
        assertThat(receiver.of(orderId)).extracting(WebhookReceiver.Received::type)
                .containsExactly("order_create", "order_update", "order_update");
        assertThat(receiver.of(orderId)).extracting(WebhookReceiver.Received::status)
                .containsExactly("created", "confirmed", "shipped");
        String createRequestId = receiver.of(orderId).get(0).requestId();
        assertThat(receiver.refusedRequestIds).contains(createRequestId);
        assertThat(agentStatuses(orderId)).containsOnly("delivered");
    }

    @Test
    void redeliveredAndRepeatedOrderRequested_yieldOneOrder_andOneOrderCreate() throws Exception {
        String orderId = newOrderId();
        OrderRequested request = orderRequested(orderId, lines());
        IntegrationMessage message = message(request);
        kafka.send(new ProducerRecord<>(Topics.ORDER_REQUESTS, request.sessionId(), codec.encode(message))).get();
        kafka.send(new ProducerRecord<>(Topics.ORDER_REQUESTS, request.sessionId(), codec.encode(message))).get();
        IntegrationMessage repeated = message(request);
        kafka.send(new ProducerRecord<>(Topics.ORDER_REQUESTS, request.sessionId(), codec.encode(repeated))).get();

        awaitPublished(orderId, OrderCreated.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.of(orderId).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ?", Integer.class, message.messageId()) == 1);
        // the last one handled (its inbox row; same key, so one partition, in order), every stored event projected
        // and relayed, and everything relayed read: only then are the counts below final
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ?", Integer.class, repeated.messageId()) == 1);
        awaitProcessorsAtHead();
        readPublishedToEnd();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, orderId)).isEqualTo(2);
        assertThat(deliveries(orderId)).isEqualTo(1);
        assertThat(receiver.of(orderId)).hasSize(1);
        assertThat(published.stream().filter(m -> m.event() instanceof OrderCreated c && c.orderId().equals(orderId)))
                .hasSize(1);
    }

    @Test
    void invalidRequest_publishesOrderRejected_andNoWebhook() throws Exception {
        String orderId = newOrderId();
        publish(Topics.ORDER_REQUESTS, orderRequested(orderId, List.of()));
        OrderRejected rejected = awaitPublished(orderId, OrderRejected.class);
        assertThat(rejected.reason()).isEqualTo("no_line_items");
        awaitProcessorsAtHead();
        assertThat(deliveries(orderId)).isZero();
        assertThat(receiver.of(orderId)).isEmpty();
    }

    private void assertValidOrder(WebhookReceiver.Received received) {
        if (orderSchema != null) {
            assertThat(orderSchema.validate(received.order())).as(received.order().toPrettyString()).isEmpty();
        }
    }

    private static String newOrderId() {
        return "ord_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static List<OrderLine> lines() {
        return List.of(new OrderLine("li_1", "item_mug", "Mug", 2, 1000, 2000, 160, 2160));
    }

    private static OrderRequested orderRequested(String orderId, List<OrderLine> lines) {
        return new OrderRequested(orderId, "cs_" + orderId, "pay_" + orderId, "res_" + orderId, "usd", lines,
                Map.of("subtotal", 2000L, "tax", 160L, "fulfillment", 500L, "total", 2660L), "buyer@example.com",
                new OrderAddress("Jane Doe", "1 Main St", null, "Springfield", "IL", "US", "62701"), "shipping",
                "Standard", Instant.now());
    }

    private static IntegrationMessage message(IntegrationEvent event) {
        EventTypes type = EventTypes.of(event.getClass()).orElseThrow();
        String id = UUID.randomUUID().toString();
        return new IntegrationMessage(id, type, event, Instant.now(), event.sessionId(), id);
    }

    private void publish(String topic, IntegrationEvent event) throws Exception {
        kafka.send(new ProducerRecord<>(topic, event.sessionId(), codec.encode(message(event)))).get();
    }

    /** Polls until this test's consumer has read up to the end of every partition it was assigned. */
    private void readPublishedToEnd() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> codec.decode(r.value()).ifPresent(published::add));
            var assigned = consumer.assignment();
            var ends = consumer.endOffsets(assigned);
            return !assigned.isEmpty() && assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
        });
    }

    private <T> T awaitPublished(String orderId, Class<T> type) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> codec.decode(r.value()).ifPresent(published::add));
            return published.stream().anyMatch(m -> type.isInstance(m.event()) && orderId.equals(orderIdOf(m.event())));
        });
        return published.stream().map(IntegrationMessage::event).filter(type::isInstance).map(type::cast)
                .filter(e -> orderId.equals(orderIdOf((IntegrationEvent) e))).findFirst().orElseThrow();
    }

    private static String orderIdOf(IntegrationEvent event) {
        if (event instanceof OrderCreated c) {
            return c.orderId();
        }
        return event instanceof OrderRejected r ? r.orderId() : null;
    }

    private int deliveries(String orderId) {
        return jdbc.queryForObject("select count(*) from webhook_delivery where order_id = ? and endpoint = 'agent'",
                Integer.class, orderId);
    }

    private List<String> agentStatuses(String orderId) {
        return jdbc.queryForList("select status from webhook_delivery where order_id = ? and endpoint = 'agent'"
                + " order by sequence", String.class, orderId);
    }

    private int attempts(String orderId) {
        return jdbc.queryForObject("""
                select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                where d.order_id = ? and d.endpoint = 'agent'""", Integer.class, orderId);
    }

    private HttpResponse<String> merchant(String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
