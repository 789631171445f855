package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The inbox forgets what the broker can no longer deliver again, and only that (ADR 0061), on a real PostgreSQL. */
class InboxRetentionIT {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static HikariDataSource dataSource;
    static JdbcTemplate jdbc;
    static Inbox inbox;

    @BeforeAll
    static void database() {
        dataSource = LocalInfrastructure.migratedDatabase("acp_inbox", "svc", 2, "classpath:db/axon");
        jdbc = new JdbcTemplate(dataSource);
        inbox = new Inbox(jdbc);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @BeforeEach
    void empty() {
        jdbc.update("delete from inbox_message");
    }

    /**
     * 25 generated inboxes (up to 2,500 messages of three consumers over 30 days, batches of 1 to 700 rows): one run
     * forgets exactly the messages received more than the retention ago, and counts them.
     */
    @Test
    void forgetting_removesExactlyTheMessagesReceivedBeforeTheCutoff() {
        for (int run = 0; run < 25; run++) {
            empty();
            Random random = new Random(104_729L * run);
            int rows = random.nextInt(2_500);
            List<Object[]> batch = new ArrayList<>();
            Instant cutoff = NOW.minusSeconds(random.nextInt(30 * 86_400));
            Set<String> kept = new HashSet<>();
            long old = 0;
            for (int i = 0; i < rows; i++) {
                String consumer = "consumer-" + random.nextInt(3);
                String id = "msg_" + run + "_" + i;
                // a few exactly at the cutoff: kept (strictly before is forgotten)
                Instant at = random.nextInt(50) == 0 ? cutoff : NOW.minusMillis(random.nextLong(30L * 86_400_000));
                batch.add(new Object[] {consumer, id, Timestamp.from(at)});
                if (at.isBefore(cutoff)) {
                    old++;
                } else {
                    kept.add(consumer + "/" + id);
                }
            }
            jdbc.batchUpdate("insert into inbox_message (consumer, message_id, received_at) values (?, ?, ?)", batch);
            int size = 1 + random.nextInt(700);

            var meters = new SimpleMeterRegistry();
            long forgotten = new InboxRetention(inbox, Clock.fixed(cutoff.plus(Duration.ofDays(15)), ZoneOffset.UTC),
                    Duration.ofDays(15), Duration.ofMinutes(10), size, meters).purge();

            assertThat(forgotten).as("run %d, batch %d", run, size).isEqualTo(old);
            assertThat(meters.get("acp.inbox.forgotten").counter().count()).isEqualTo(old);
            assertThat(new HashSet<>(jdbc.queryForList("select consumer || '/' || message_id from inbox_message",
                    String.class))).as("run %d", run).isEqualTo(kept);
        }
    }

    /** Within the retention a redelivery is still recognised; past it the message would count as new. */
    @Test
    void aMessageIsRecognisedUntilItIsForgotten() {
        assertThat(inbox.firstDelivery("payments", "msg_1")).isTrue();
        assertThat(inbox.firstDelivery("payments", "msg_1")).isFalse();
        var retention = new InboxRetention(inbox, Clock.offset(Clock.systemUTC(), Duration.ofDays(14)),
                Duration.ofDays(15), Duration.ofMinutes(10), 100, new SimpleMeterRegistry());
        assertThat(retention.purge()).isZero();
        assertThat(inbox.firstDelivery("payments", "msg_1")).isFalse();
        var later = new InboxRetention(inbox, Clock.offset(Clock.systemUTC(), Duration.ofDays(16)),
                Duration.ofDays(15), Duration.ofMinutes(10), 100, new SimpleMeterRegistry());
        assertThat(later.purge()).isEqualTo(1);
        assertThat(inbox.firstDelivery("payments", "msg_1")).isTrue();
    }

    /** Runs on its own every interval; runs that fail (the table gone) are logged, and the next one still comes. */
    @Test
    void theRetentionRunsOnItsInterval_andOutlivesAFailedRun() throws Exception {
        jdbc.update("insert into inbox_message (consumer, message_id, received_at) values ('c', 'old', ?)",
                Timestamp.from(Instant.now().minus(Duration.ofDays(20))));
        jdbc.update("insert into inbox_message (consumer, message_id) values ('c', 'new')");
        AtomicInteger runs = new AtomicInteger();
        Clock counting = new Clock() { // each run reads the clock once, before its statement
            @Override
            public Instant instant() {
                runs.incrementAndGet();
                return Instant.now();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        var meters = new SimpleMeterRegistry();
        var retention = new InboxRetention(inbox, counting, Duration.ofDays(15), Duration.ofMillis(20), 100, meters);
        jdbc.execute("alter table inbox_message rename to inbox_message_away");
        retention.start();
        try {
            await(() -> runs.get() >= 3);
            jdbc.execute("alter table inbox_message_away rename to inbox_message");
            await(() -> jdbc.queryForObject("select count(*) from inbox_message", Integer.class) == 1);
            assertThat(jdbc.queryForList("select message_id from inbox_message", String.class)).containsExactly("new");
            assertThat(meters.get("acp.inbox.forgotten").counter().count()).isEqualTo(1);
        } finally {
            retention.stop();
            jdbc.execute("alter table if exists inbox_message_away rename to inbox_message");
        }
        assertThat(retention.isRunning()).isFalse();
    }

    /** With 50,000 messages the purge finds the old ones through the received_at index, not by reading them all. */
    @Test
    void thePurgeReadsTheReceivedAtIndex() {
        jdbc.update("""
                insert into inbox_message (consumer, message_id, received_at)
                select 'c', 'msg_' || g, now() - g * interval '1 second' from generate_series(1, 50000) g""");
        jdbc.execute("analyze inbox_message");
        String plan = String.join("\n", jdbc.queryForList("explain " + Inbox.FORGET, String.class,
                Timestamp.from(Instant.now().minus(Duration.ofDays(15))), 10_000));
        assertThat(plan).contains("inbox_message_received_at").doesNotContain("Seq Scan");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
