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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A usage-limited code ({@code IT-THREE}, limit 3) is never overshot by completions in flight: reservations hold a use
 * (counted with the redemptions under a per-code row lock), are rejected with {@code exhaustedDiscountCodes} when none
 * is left, and give the use back on release or expiry.
 */
class DiscountUsageLimitIT extends PricingIntegrationTest {

    static final String CODE = "IT-THREE";
    private static final ObjectMapper JSON = AxonJson.newObjectMapper();

    @Autowired CommandGateway commands;
    /** Reservation id to the message id it was requested with. */
    final Map<String, String> messageIds = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void freshCode() {
        jdbc.update("delete from discount_hold where code = ?", CODE);
        jdbc.update("delete from discount_redemption where code = ?", CODE);
    }

    @Test
    void twentyConcurrentReservations_holdExactlyThreeUses_andTheRestAreRejectedHoldingNothing() throws Exception {
        String variant = "it-limit-" + UUID.randomUUID();
        stock(variant, 50);
        String prefix = "res_lim_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String reservationId = prefix + i;
                sent.add(pool.submit(() -> {
                    start.await();
                    return commands.sendAndWait(new ReserveStock(reservationId, "cs_lim", "att_1",
                            List.of(new StockLine(variant, 2)), Instant.now(), Instant.now().plusSeconds(900),
                            List.of(CODE)));
                }));
            }
            start.countDown();
            for (Future<?> future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(countEvents(".StockReserved", prefix)).isEqualTo(3);
        assertThat(countEvents(".StockReservationRejected", prefix)).isEqualTo(17);
        assertThat(jdbc.queryForObject("select count(*) from discount_hold where code = ?", Integer.class, CODE))
                .isEqualTo(3);
        assertThat(level(variant)).containsExactly(50, 6); // only the three reservations hold stock
    }

    @Test
    void uses_areRedeemedOnCommit_givenBackOnReleaseAndExpiry_andTheRejectionNamesTheCode() throws Exception {
        String variant = "it-limit-" + UUID.randomUUID();
        stock(variant, 50);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(reserve("res_lim_" + run + "_" + i, variant));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> eventTypesOf(id).size() == 2));

        String fourth = reserve("res_lim_" + run + "_4", variant);
        JsonNode rejected = awaitPublished(fourth, "pricing.StockReservationRejected");
        assertThat(rejected.at("/payload/exhaustedDiscountCodes/0").asText()).isEqualTo(CODE);
        assertThat(rejected.at("/payload/shortages").size()).isZero();

        // one sold, one declined, one expired: one use redeemed, two given back
        publish(new OrderCreated("ord_" + run, "cs_" + ids.get(0), "pay_1", ids.get(0), "u", 1900, "usd",
                Instant.now()));
        publish(new StockReleaseRequested(ids.get(1), "cs_" + ids.get(1), "payment_declined", Instant.now()));
        jdbc.update("update stock_hold set expires_at = now() - interval '1 second' where reservation_id = ?",
                ids.get(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypesOf(ids.get(0)).size() == 4
                && eventTypesOf(ids.get(1)).size() == 3 && eventTypesOf(ids.get(2)).size() == 3);
        assertThat(jdbc.queryForObject("select count(*) from discount_hold where code = ?", Integer.class, CODE))
                .isZero();
        assertThat(jdbc.queryForList("select reservation_id from discount_redemption where code = ?", String.class,
                CODE)).containsExactly(ids.get(0));

        // two uses left: of three more reservations in flight, exactly two hold and one is rejected
        List<String> more = List.of(reserve("res_lim_" + run + "_5", variant), reserve("res_lim_" + run + "_6", variant),
                reserve("res_lim_" + run + "_7", variant));
        // each request handled: its inbox row commits with its events, holds and stock
        await().atMost(Duration.ofSeconds(30)).until(() -> more.stream().allMatch(id -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ?", Integer.class, messageIds.get(id)) == 1));
        assertThat(more.stream().filter(id -> eventTypesOf(id).get(0).endsWith(".StockReserved")).count())
                .isEqualTo(2);
        assertThat(more.stream().filter(id -> eventTypesOf(id).get(0).endsWith(".StockReservationRejected")).count())
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from discount_hold where code = ?", Integer.class, CODE))
                .isEqualTo(2);
        assertThat(level(variant)).containsExactly(48, 4);
    }

    private String reserve(String reservationId, String variant) throws Exception {
        messageIds.put(reservationId, publish(new StockReservationRequested(reservationId, "cs_" + reservationId,
                "att_1", List.of(new StockLine(variant, 2)), Instant.now(), List.of("it-three"))));
        return reservationId;
    }

    private JsonNode awaitPublished(String reservationId, String type) {
        List<JsonNode> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "limit-it-" + UUID.randomUUID(),
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
