package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.platform.axon.AxonJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StockReservationIT extends PricingIntegrationTest {

    private static final ObjectMapper JSON = AxonJson.newObjectMapper();

    @Autowired CommandGateway commands;

    @Test
    void reservationRequest_publishesStockReserved_andHoldsStock() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 5);
        String reservationId = "res_" + UUID.randomUUID();

        publish(new StockReservationRequested(
                reservationId, "cs_" + reservationId, "att_1", List.of(new StockLine(variant, 2)), Instant.now()));

        JsonNode published = awaitPublished(reservationId, "pricing.StockReserved");
        assertThat(published.at("/payload/sessionId").asText()).isEqualTo("cs_" + reservationId);
        assertThat(published.at("/payload/expiresAt").asText()).isNotBlank();
        assertThat(level(variant)).containsExactly(5, 2);
    }

    /** A request an earlier release published on the former shared topic is still served after an upgrade. */
    @Test
    void reservationRequest_onTheFormerSharedTopic_stillHoldsStock() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 5);
        String reservationId = "res_" + UUID.randomUUID();

        publishOn(Topics.CHECKOUT_EVENTS, UUID.randomUUID().toString(), new StockReservationRequested(
                reservationId, "cs_" + reservationId, "att_1", List.of(new StockLine(variant, 2)), Instant.now()));

        awaitPublished(reservationId, "pricing.StockReserved");
        assertThat(level(variant)).containsExactly(5, 2);
    }

    @Test
    void redeliveredMessage_changesNothing() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 5);
        String reservationId = "res_" + UUID.randomUUID();
        var requested = new StockReservationRequested(
                reservationId, "cs_" + reservationId, "att_1", List.of(new StockLine(variant, 3)), Instant.now());
        String messageId = publish(requested);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypesOf(reservationId).size() == 1);

        publish(messageId, requested);
        String repeated = publish(requested); // the same request under a new message id: the aggregate ignores it
        // its inbox row: handled, and the redelivery before it on the same partition (same session) too
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ? and consumer = 'pricing-stock'",
                Integer.class, repeated) == 1);

        assertThat(eventTypesOf(reservationId)).hasSize(1);
        assertThat(level(variant)).containsExactly(5, 3);
        assertThat(jdbc.queryForObject(
                        "select count(*) from inbox_message where message_id = ?", Integer.class, messageId))
                .isEqualTo(1);
    }

    @Test
    void concurrentReservations_neverOversell() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 10);
        String prefix = "res_conc_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        for (int i = 0; i < 50; i++) {
            String reservationId = prefix + i;
            publish(new StockReservationRequested(
                    reservationId, "cs_conc_" + i, "att_1", List.of(new StockLine(variant, 1)), Instant.now()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> countEvents("", prefix) == 50);

        assertThat(countEvents(".StockReserved", prefix)).isEqualTo(10);
        assertThat(countEvents(".StockReservationRejected", prefix)).isEqualTo(40);
        assertThat(level(variant)).containsExactly(10, 10);
    }

    @Test
    void concurrentCommands_neverOversell() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 10);
        String prefix = "res_cmd_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String reservationId = prefix + i;
                sent.add(pool.submit(() -> commands.sendAndWait(new ReserveStock(
                        reservationId, "cs_cmd", "att_1", List.of(new StockLine(variant, 1)), Instant.now(),
                        Instant.now().plusSeconds(900)))));
            }
            for (Future<?> future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(countEvents(".StockReserved", prefix)).isEqualTo(10);
        assertThat(countEvents(".StockReservationRejected", prefix)).isEqualTo(40);
        assertThat(level(variant)).containsExactly(10, 10);
    }

    @Test
    void release_thenCommitOfAnother_adjustsLedger() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 4);
        String released = "res_" + UUID.randomUUID();
        String sold = "res_" + UUID.randomUUID();
        publish(new StockReservationRequested(
                released, "cs_" + released, "att_1", List.of(new StockLine(variant, 2)), Instant.now()));
        publish(new StockReservationRequested(
                sold, "cs_" + sold, "att_1", List.of(new StockLine(variant, 1)), Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eventTypesOf(released).size() == 1 && eventTypesOf(sold).size() == 1);

        publish(new StockReleaseRequested(released, "cs_" + released, "payment_declined", Instant.now()));
        publish(new OrderCreated(
                "ord_1", "cs_" + sold, "pay_1", sold, "https://merchant.example/orders/ord_1", 1999, "usd",
                Instant.now()));

        awaitPublished(released, "pricing.StockReleased");
        awaitPublished(sold, "pricing.StockCommitted");
        assertThat(level(variant)).containsExactly(3, 0);
    }

    @Test
    void expiredReservation_isReleasedBySweeper() throws Exception {
        String variant = "it-variant-" + UUID.randomUUID();
        stock(variant, 2);
        String reservationId = "res_" + UUID.randomUUID();
        publish(new StockReservationRequested(
                reservationId, "cs_" + reservationId, "att_1", List.of(new StockLine(variant, 2)), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypesOf(reservationId).size() == 1);

        jdbc.update("update stock_hold set expires_at = now() - interval '1 second' where reservation_id = ?",
                reservationId);

        JsonNode released = awaitPublished(reservationId, "pricing.StockReleased");
        assertThat(released.at("/payload/reason").asText()).isEqualTo("expired");
        assertThat(level(variant)).containsExactly(2, 0);
    }

    private JsonNode awaitPublished(String reservationId, String type) {
        List<JsonNode> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stock-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode node = JSON.readTree(record.value());
                    if (type.equals(node.path("type").asText())
                            && reservationId.equals(node.at("/payload/reservationId").asText())) {
                        found.add(node);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
