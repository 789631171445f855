package org.acpmerchant.orders.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.acpmerchant.orders.OrderProperties;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook gauges on a real outbox: what they read equals the rows, and the read costs the backlog, not the
 * outbox's delivered history (ADR 0060).
 */
class WebhookMetricsIT {

    static final List<String> ENDPOINTS = List.of("agent", "audit");
    static final String[] STATUSES = {WebhookOutbox.PENDING, WebhookOutbox.PARKED, WebhookOutbox.DELIVERED};
    static HikariDataSource dataSource;
    static JdbcTemplate jdbc;
    static WebhookOutbox outbox;

    @BeforeAll
    static void database() {
        dataSource = LocalInfrastructure.migratedDatabase("acp_it", "orders", 2, "classpath:db/axon",
                "classpath:db/orders");
        jdbc = new JdbcTemplate(dataSource);
        outbox = new WebhookOutbox(jdbc, ENDPOINTS.stream()
                .map(name -> new OrderProperties.Endpoint(name, "http://" + name + ".example/hook", "secret", null))
                .toList());
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        jdbc.update("delete from webhook_delivery");
    }

    /** Backlog, parked and the oldest undelivered age per endpoint, against the rows as generated, in 30 outboxes. */
    @Test
    void theGauges_readWhatTheOutboxHolds() {
        for (int run = 0; run < 30; run++) {
            empty();
            Random random = new Random(7919L * run);
            Instant now = Instant.parse("2026-12-07T12:00:00Z").plusSeconds(run);
            Map<String, long[]> expected = new HashMap<>(); // endpoint -> pending, parked, oldest undelivered (epoch s)
            int orders = random.nextInt(40);
            for (int o = 0; o < orders; o++) {
                int events = 1 + random.nextInt(3);
                for (int seq = 0; seq < events; seq++) {
                    String eventId = "evt_" + run + "_" + o + "_" + seq;
                    Instant createdAt = now.minusSeconds(random.nextInt(3600));
                    outbox.enqueue(eventId, "ord_" + o, seq, seq == 0 ? "order_create" : "order_update",
                            AcpOrderDocument.JSON.createObjectNode().put("id", "ord_" + o), createdAt, null);
                    for (String endpoint : ENDPOINTS) {
                        String status = STATUSES[random.nextInt(STATUSES.length)];
                        jdbc.update("update webhook_delivery set status = ? where event_id = ? and endpoint = ?", status,
                                eventId, endpoint);
                        long[] row = expected.computeIfAbsent(endpoint, e -> new long[] {0, 0, Long.MAX_VALUE});
                        if (!status.equals(WebhookOutbox.DELIVERED)) {
                            row[status.equals(WebhookOutbox.PENDING) ? 0 : 1]++;
                            row[2] = Math.min(row[2], createdAt.getEpochSecond());
                        }
                    }
                }
            }
            MeterRegistry meters = new SimpleMeterRegistry();
            new WebhookMetrics(jdbc, Clock.fixed(now, ZoneOffset.UTC), ENDPOINTS, meters);
            for (String endpoint : ENDPOINTS) {
                long[] row = expected.getOrDefault(endpoint, new long[] {0, 0, Long.MAX_VALUE});
                double age = row[2] == Long.MAX_VALUE ? 0 : now.getEpochSecond() - row[2];
                assertThat(gauge(meters, "acp.webhook.backlog", endpoint)).as("run %d %s", run, endpoint)
                        .isEqualTo(row[0]);
                assertThat(gauge(meters, "acp.webhook.parked", endpoint)).as("run %d %s", run, endpoint)
                        .isEqualTo(row[1]);
                assertThat(gauge(meters, "acp.webhook.oldest.undelivered.age", endpoint)).as("run %d %s", run, endpoint)
                        .isEqualTo(age);
            }
        }
    }

    /**
     * With 20,000 deliveries delivered and 30 waiting, PostgreSQL answers the gauges' query from the partial index of
     * undelivered rows, without reading the delivered ones (a sequential scan of the outbox before ADR 0060).
     */
    @Test
    void theGaugesQuery_readsTheBacklogOnly() {
        jdbc.update("""
                insert into webhook_delivery (id, event_id, endpoint, order_id, sequence, event_type, body, status,
                                              attempts, next_attempt_at, delivered_at, created_at)
                select 'whd_' || g, 'evt_' || g, 'agent', 'ord_' || g, 0, 'order_create', repeat('x', 600),
                       case when g > 20000 then 'pending' else 'delivered' end, 1, now(), now(), now()
                from generate_series(1, 20030) g""");
        jdbc.execute("analyze webhook_delivery");
        String plan = String.join("\n", jdbc.queryForList("explain " + WebhookMetrics.BACKLOG, String.class));
        assertThat(plan).contains("webhook_delivery_undelivered").doesNotContain("Seq Scan");
        MeterRegistry meters = new SimpleMeterRegistry();
        new WebhookMetrics(jdbc, Clock.systemUTC(), ENDPOINTS, meters);
        assertThat(gauge(meters, "acp.webhook.backlog", "agent")).isEqualTo(30);
    }

    private static double gauge(MeterRegistry meters, String name, String endpoint) {
        return meters.get(name).tag("endpoint", endpoint).gauge().value();
    }
}
