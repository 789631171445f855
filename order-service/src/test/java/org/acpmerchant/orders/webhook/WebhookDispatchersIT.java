package org.acpmerchant.orders.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.orders.OrderProperties;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two dispatchers on one database against a flaky receiver: every delivery arrives, none is sent by both at once,
 * a delivery is received twice only when an attempt's answer was lost (at-least-once), and no order's events are
 * received out of order.
 */
class WebhookDispatchersIT {

    static final int ORDERS = 30;
    static final int EVENTS_PER_ORDER = 5;
    static HikariDataSource dataSource;

    /** What the receiver saw: delivery id, order id and the event's sequence in its order. */
    record Receipt(String deliveryId, String orderId, int sequence) {}

    @BeforeAll
    static void database() {
        dataSource = LocalInfrastructure.migratedDatabase("acp_it", "orders", 6, "classpath:db/axon",
                "classpath:db/orders");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void twoDispatchers_sendEachDeliveryOnce_inOrderPerOrder_withAtLeastOnceRetries() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        OrderProperties.Endpoint endpoint = new OrderProperties.Endpoint("agent", "http://agent.example/hook", "secret", null);
        OrderProperties.Webhooks config = new OrderProperties.Webhooks(List.of(endpoint), true, Duration.ofMillis(5),
                Duration.ofMillis(40), Duration.ofHours(1), null, null, 10);
        WebhookOutbox outbox = new WebhookOutbox(jdbc, List.of(endpoint));
        Instant now = Instant.now();
        for (int seq = 0; seq < EVENTS_PER_ORDER; seq++) {
            for (int o = 0; o < ORDERS; o++) {
                String orderId = "ord_" + o;
                var order = AcpOrderDocument.JSON.createObjectNode().put("id", orderId).put("seq", seq);
                outbox.enqueue("evt_" + o + "_" + seq, orderId, seq, seq == 0 ? "order_create" : "order_update", order, now,
                        null);
            }
        }

        List<Receipt> receipts = new CopyOnWriteArrayList<>();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        Set<String> ordersInFlight = ConcurrentHashMap.newKeySet();
        Set<String> lostAnswers = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        WebhookSender flaky = (url, headers, body) -> {
            attempts.incrementAndGet();
            JsonNode data = read(body).path("data");
            String id = headers.get("Request-Id");
            String orderId = data.path("id").asText();
            if (!inFlight.add(id) | !ordersInFlight.add(orderId)) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                int roll = ThreadLocalRandom.current().nextInt(100);
                if (roll < 20) {
                    return new WebhookSender.Outcome(503, "HTTP 503", 1);
                }
                receipts.add(new Receipt(id, orderId, data.path("seq").asInt()));
                if (roll < 27) {
                    lostAnswers.add(id);
                    return new WebhookSender.Outcome(null, "HttpTimeoutException: request timed out", 1);
                }
                return new WebhookSender.Outcome(200, null, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WebhookSender.Outcome(null, "interrupted", 0);
            } finally {
                inFlight.remove(id);
                ordersInFlight.remove(orderId);
            }
        };
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        List<Thread> dispatchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, flaky, transactions, Clock.systemUTC(), config,
                    new SimpleMeterRegistry());
            Thread thread = new Thread(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && undelivered(jdbc) > 0) {
                    if (dispatcher.dispatchDue() == 0) {
                        sleep(2);
                    }
                }
            }, "dispatcher-" + i);
            thread.start();
            dispatchers.add(thread);
        }
        for (Thread t : dispatchers) {
            t.join();
        }

        int total = ORDERS * EVENTS_PER_ORDER;
        assertThat(undelivered(jdbc)).isZero();
        assertThat(overlaps.get()).as("a delivery or an order in flight twice at once").isZero();
        Map<String, Long> perDelivery = receipts.stream()
                .collect(java.util.stream.Collectors.groupingBy(Receipt::deliveryId, java.util.stream.Collectors.counting()));
        assertThat(perDelivery).hasSize(total);
        perDelivery.forEach((id, count) -> {
            if (count > 1) {
                assertThat(lostAnswers).as("duplicate of %s without a lost answer", id).contains(id);
            }
        });
        for (int o = 0; o < ORDERS; o++) {
            String orderId = "ord_" + o;
            List<Integer> sequences = receipts.stream().filter(r -> r.orderId().equals(orderId)).map(Receipt::sequence).toList();
            int expected = 0;
            for (int i = 0; i < sequences.size(); i++) {
                int seq = sequences.get(i);
                boolean retryOfPrevious = i > 0 && seq == sequences.get(i - 1);
                assertThat(retryOfPrevious || seq == expected).as("order %s received %s", orderId, sequences).isTrue();
                if (!retryOfPrevious) {
                    expected++;
                }
            }
            assertThat(expected).isEqualTo(EVENTS_PER_ORDER);
        }
        System.out.printf("[measure] two dispatchers: %d deliveries, %d attempts, %d received (%d duplicates after lost answers)%n",
                total, attempts.get(), receipts.size(), receipts.size() - total);
    }

    private static int undelivered(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from webhook_delivery where status <> 'delivered'", Integer.class);
    }

    private static JsonNode read(byte[] body) {
        try {
            return AcpOrderDocument.JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
