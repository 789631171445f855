package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's webhook lag is read from order-service's two tables as they are: rows with known lags give the
 * percentiles PostgreSQL computes over exactly the measured orders' delivered rows, and pending rows are counted.
 */
class WebhookLagIT {

    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
    static String url;

    @BeforeAll
    static void tables() throws Exception {
        url = LocalInfrastructure.newDatabase("webhook_lag") + "?user=postgres";
        try (Connection c = LocalInfrastructure.connect(url); Statement s = c.createStatement()) {
            s.execute("create schema orders");
            // the columns the query reads, typed as in order-service's migrations
            s.execute("create table orders.domain_event_entry (event_identifier varchar(255) primary key,"
                    + " time_stamp varchar(255) not null)");
            s.execute("create table orders.webhook_delivery (id varchar(64) primary key, event_id varchar(255) not null,"
                    + " order_id varchar(255) not null, status varchar(16) not null, delivered_at timestamptz)");
        }
    }

    /** An order with its two deliveries, {@code lags} ms after their events; a negative lag is still pending. */
    static void order(String orderId, long... lags) throws Exception {
        try (Connection c = LocalInfrastructure.connect(url);
                PreparedStatement event = c.prepareStatement("insert into orders.domain_event_entry values (?, ?)");
                PreparedStatement delivery = c.prepareStatement(
                        "insert into orders.webhook_delivery values (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < lags.length; i++) {
                Instant stored = T0.plusSeconds(i);
                String eventId = orderId + "-event-" + i;
                event.setString(1, eventId);
                event.setString(2, stored.toString());
                event.executeUpdate();
                delivery.setString(1, orderId + "-delivery-" + i);
                delivery.setString(2, eventId);
                delivery.setString(3, orderId);
                delivery.setString(4, lags[i] < 0 ? "pending" : "delivered");
                delivery.setObject(5, lags[i] < 0 ? null
                        : java.sql.Timestamp.from(stored.plusMillis(lags[i])));
                delivery.executeUpdate();
            }
        }
    }

    /** A family of random lag sets: the percentiles are those of the measured orders' rows only. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void thePercentilesAreThoseOfTheMeasuredOrdersDeliveries(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> measured = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "ord_" + seed + "_" + i;
            long create = random.nextInt(500);
            long update = random.nextInt(500);
            order(id, create, update);
            measured.add(id);
            lags.add(create);
            lags.add(update);
        }
        order("ord_" + seed + "_other", 100_000, 100_000); // not measured: must not count

        WebhookLag.Result result = WebhookLag.measure(url, "orders", measured, Duration.ofSeconds(5));

        lags.sort(Long::compare);
        assertThat(result.orders()).isEqualTo(40);
        assertThat(result.deliveries()).isEqualTo(80);
        assertThat(result.undelivered()).isZero();
        assertThat(result.max()).isCloseTo(lags.get(79), within(0.01));
        // percentile_cont interpolates between the two middle values of 80
        assertThat(result.p50()).isCloseTo((lags.get(39) + lags.get(40)) / 2.0, within(0.01));
        assertThat(result.p99()).isBetween((double) lags.get(77), (double) lags.get(79));
    }

    @Test
    void aDeliveryStillPendingAfterThePatienceIsCounted_andLeftOutOfThePercentiles() throws Exception {
        order("ord_pending", 120, -1);

        WebhookLag.Result result = WebhookLag.measure(url, "orders", List.of("ord_pending"), Duration.ZERO);

        assertThat(result.undelivered()).isEqualTo(1);
        assertThat(result.deliveries()).isEqualTo(1);
        assertThat(result.max()).isCloseTo(120, within(0.01));
    }
}
