package org.acpmerchant.deploy;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;

/**
 * Webhook lag of the benchmark's orders, read from order-service's tables: from the order event stored (its Axon
 * timestamp) to the agent's 2xx ({@code webhook_delivery.delivered_at}), over every delivery of those orders, once
 * they are all delivered or {@code patience} has passed.
 */
final class WebhookLag {

    /** Percentiles in ms; {@code undelivered} counts deliveries still pending when it was read. */
    record Result(int orders, long deliveries, long undelivered, double p50, double p90, double p99, double max) {}

    private static final String PENDING = """
            select count(*) filter (where status <> 'delivered'), count(*)
            from %1$s.webhook_delivery where order_id = any(?)""";

    private static final String LAG = """
            select count(*),
                   percentile_cont(0.5) within group (order by lag_ms),
                   percentile_cont(0.9) within group (order by lag_ms),
                   percentile_cont(0.99) within group (order by lag_ms),
                   max(lag_ms)
            from (select extract(epoch from d.delivered_at - e.time_stamp::timestamptz) * 1000 as lag_ms
                  from %1$s.webhook_delivery d join %1$s.domain_event_entry e on e.event_identifier = d.event_id
                  where d.order_id = any(?) and d.status = 'delivered') lags""";

    private WebhookLag() {}

    static Result measure(String jdbcUrl, String schema, Collection<String> orderIds, Duration patience)
            throws SQLException, InterruptedException {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            Array ids = db.createArrayOf("varchar", orderIds.toArray());
            long deadline = System.nanoTime() + patience.toNanos();
            long undelivered;
            while (true) {
                long[] pending = longs(db, PENDING.formatted(schema), ids);
                undelivered = pending[0];
                // every order has its order_create once the projection has seen it: wait for those rows as well
                if ((undelivered == 0 && pending[1] >= orderIds.size()) || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(200);
            }
            try (PreparedStatement s = db.prepareStatement(LAG.formatted(schema))) {
                s.setArray(1, ids);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new Result(orderIds.size(), r.getLong(1), undelivered, r.getDouble(2), r.getDouble(3),
                            r.getDouble(4), r.getDouble(5));
                }
            }
        }
    }

    private static long[] longs(Connection db, String sql, Array ids) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new long[] {r.getLong(1), r.getLong(2)};
            }
        }
    }
}
