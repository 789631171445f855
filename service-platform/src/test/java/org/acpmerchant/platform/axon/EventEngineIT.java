package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The services' event engine reads tracked events outside a transaction when none is open (ADR 0055), and finds what
 * Axon's engine finds: over generated histories of commits and rollbacks (gaps in the index, a hole wider than a
 * fetch, which only Axon's gap check steps over), from the start and from tokens taken along the way, outside and
 * inside a transaction, and around a transaction still open while it reads.
 */
class EventEngineIT {

    private static String url;

    @BeforeAll
    static void database() {
        url = LocalInfrastructure.newDatabase("event_engine");
    }

    @ParameterizedTest(name = "history {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void tracedReads_findWhatAxonsEngineFinds_withoutATransaction(int seed) {
        AxonSchema schema = AxonSchema.migrated(url, "engine");
        Random random = new Random(seed);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(schema.dataSource()));
        JdbcEventStorageEngine writer = AxonSchema.stockEngine(schema.dataSource());
        int transactions = 10 + random.nextInt(15);
        for (int t = 0; t < transactions; t++) {
            // Mostly small writes; now and then one of 101 to 160 events, wider than a fetch (100), and if rolled back
            // a hole that only the gap check after an empty fetch steps over.
            int size = random.nextInt(6) == 0 ? 101 + random.nextInt(60) : 1 + random.nextInt(5);
            boolean rollBack = random.nextInt(3) == 0;
            var events = AxonSchema.events("agg-" + seed + "-" + t, size);
            tx.executeWithoutResult(status -> {
                writer.appendEvents(events);
                if (rollBack) {
                    status.setRollbackOnly();
                }
            });
        }

        Counting ours = new Counting(schema.dataSource());
        Counting axons = new Counting(schema.dataSource());
        JdbcEventStorageEngine engine = AxonSchema.engine(ours);
        JdbcEventStorageEngine stock = AxonSchema.stockEngine(axons);

        List<TrackedEventMessage<?>> expected = readMessages(stock, null);
        assertThat(read(engine, null)).as("from the start").isEqualTo(ids(expected));
        assertThat(expected).as("the history stored events").isNotEmpty();
        for (int i = 0; i < 4; i++) {
            TrackingToken from = expected.get(random.nextInt(expected.size())).trackingToken();
            assertThat(read(engine, from)).as("from %s", from).isEqualTo(read(stock, from));
        }
        assertThat(ours.transactions()).as("transactions our reads opened").isZero();
        assertThat(axons.transactions()).as("Axon's engine opens one per fetch").isPositive();

        TransactionTemplate inside = new TransactionTemplate(new DataSourceTransactionManager(ours));
        List<String> insideRead = inside.execute(s -> read(engine, null));
        assertThat(insideRead).as("inside a transaction").isEqualTo(ids(expected));
        assertThat(ours.transactions()).as("only the enclosing one").isEqualTo(1);
    }

    @Test
    void aTransactionOpenDuringTheRead_isFoundOnceItCommits() throws Exception {
        AxonSchema schema = AxonSchema.migrated(url, "engine");
        schema.append(AxonSchema.events("before", 2));
        DataSource ds = schema.dataSource();
        JdbcEventStorageEngine engine = AxonSchema.engine(ds);
        JdbcEventStorageEngine writer = AxonSchema.stockEngine(ds);
        var appended = new java.util.concurrent.CountDownLatch(1);
        var commit = new java.util.concurrent.CountDownLatch(1);
        var holder = java.util.concurrent.CompletableFuture.runAsync(() -> new TransactionTemplate(
                new DataSourceTransactionManager(ds)).executeWithoutResult(s -> {
                    // Takes index numbers and holds them, uncommitted, while the engine reads past them.
                    writer.appendEvents(AxonSchema.events("held", 3));
                    appended.countDown();
                    try {
                        commit.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        try {
            appended.await();
            schema.append(AxonSchema.events("after", 1));
            List<TrackedEventMessage<?>> seen = readMessages(engine, null);
            assertThat(ids(seen)).as("the two before and the one after, not the three held").hasSize(3);

            commit.countDown();
            holder.join();
            TrackingToken last = seen.get(seen.size() - 1).trackingToken();
            assertThat(read(engine, last)).as("found from the token that had them as gaps").hasSize(3);
        } finally {
            commit.countDown();
        }
    }

    private static List<String> read(JdbcEventStorageEngine engine, TrackingToken from) {
        return ids(readMessages(engine, from));
    }

    private static List<TrackedEventMessage<?>> readMessages(JdbcEventStorageEngine engine, TrackingToken from) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            return new ArrayList<>(events.toList());
        }
    }

    private static List<String> ids(List<TrackedEventMessage<?>> events) {
        return events.stream().map(TrackedEventMessage::getIdentifier).toList();
    }

    /** A data source whose connections count the transactions begun on them ({@code setAutoCommit(false)}). */
    private static final class Counting extends DelegatingDataSource {
        private final AtomicInteger transactions = new AtomicInteger();

        Counting(DataSource target) {
            super(target);
        }

        int transactions() {
            return transactions.get();
        }

        @Override
        public Connection getConnection() throws java.sql.SQLException {
            Connection real = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])
                                && real.getAutoCommit()) {
                            transactions.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
