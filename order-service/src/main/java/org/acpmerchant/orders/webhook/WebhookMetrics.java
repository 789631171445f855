package org.acpmerchant.orders.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook outbox per configured endpoint (a fixed set, no ids in tags), as on-call asks about it: deliveries
 * waiting ({@code acp_webhook_backlog}), parked for ops ({@code acp_webhook_parked}) and the age of the oldest one not
 * yet delivered ({@code acp_webhook_oldest_undelivered_age_seconds}). One grouped query per scrape, reused for a
 * second by the other gauges.
 */
public class WebhookMetrics {

    /**
     * Reads only rows not yet delivered, through the partial index {@code webhook_delivery_undelivered} (its predicate
     * is this query's, word for word): a scrape costs the backlog, not the outbox's history (ADR 0060).
     */
    static final String BACKLOG = """
            select endpoint, count(*) filter (where status = 'pending') as pending,
                   count(*) filter (where status = 'parked') as parked, min(created_at) as oldest
            from webhook_delivery where status <> 'delivered' group by endpoint""";

    private record Row(long pending, long parked, Instant oldestUndelivered) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Map<String, Row> rows = Map.of();
    private volatile Instant readAt = Instant.EPOCH;

    public WebhookMetrics(JdbcTemplate jdbc, Clock clock, List<String> endpoints, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (String endpoint : endpoints) {
            Gauge.builder("acp.webhook.backlog", this, m -> m.row(endpoint).pending())
                    .description("Webhook deliveries waiting to be sent").tag("endpoint", endpoint).register(meters);
            Gauge.builder("acp.webhook.parked", this, m -> m.row(endpoint).parked())
                    .description("Webhook deliveries parked after their retry horizon, waiting for ops")
                    .tag("endpoint", endpoint).register(meters);
            Gauge.builder("acp.webhook.oldest.undelivered.age", this, m -> m.age(endpoint)).baseUnit("seconds")
                    .description("Age of the oldest webhook delivery not yet delivered (0 when none)")
                    .tag("endpoint", endpoint).register(meters);
        }
    }

    private double age(String endpoint) {
        Instant oldest = row(endpoint).oldestUndelivered();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private Row row(String endpoint) {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).toMillis() > 1000) {
            Map<String, Row> fresh = new HashMap<>();
            jdbc.query(BACKLOG, rs -> {
                        var oldest = rs.getTimestamp("oldest");
                        fresh.put(rs.getString("endpoint"), new Row(rs.getLong("pending"), rs.getLong("parked"),
                                oldest == null ? null : oldest.toInstant()));
                    });
            rows = fresh;
            readAt = now;
        }
        return rows.getOrDefault(endpoint, new Row(0, 0, null));
    }
}
