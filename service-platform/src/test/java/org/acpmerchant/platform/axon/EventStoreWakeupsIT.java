package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.DefaultEventBusSpanFactory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.tracing.NoOpSpanFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two replicas of a service on one event table (ADR 0051): events stored by the other replica wake this replica's
 * store at once, although the store itself reads the table only once a minute here; this replica's own notifications
 * are skipped (its commits wake the store directly); the wake-ups survive the listening connection being killed; the
 * store's streams wait through its reads, not Axon's lock, and leave their waits when the processors shut down. Each
 * case runs for writes of one to several events per transaction, where the trigger fires once per statement.
 */
class EventStoreWakeupsIT {

    private static final Duration SAFETY_POLL = Duration.ofMinutes(1);
    /** Far below the safety poll: an event seen within it was delivered by a wake-up, not by the poll. */
    private static final long WITHIN_MS = 5_000;

    private final String schema = "wake_" + UUID.randomUUID().toString().substring(0, 8);
    private String url;
    private CommitAwareEventStore store;
    private EventStoreWakeups wakeups;
    private BlockingStream<TrackedEventMessage<?>> stream;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void twoReplicas() throws Exception {
        url = LocalInfrastructure.newDatabase("wakeups");
        // As the services migrate (acp-platform-defaults.properties): no lock held in a transaction, which the
        // concurrent index build would wait for forever.
        Flyway.configure().dataSource(url, "postgres", "").schemas(schema).locations("classpath:db/axon")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
        DataSource replicaA = dataSource("svc/replica-a");
        store = CommitAwareEventStore.on(engine(replicaA), spans(), SAFETY_POLL);
        wakeups = new EventStoreWakeups(replicaA, store, "svc/replica-a");
        wakeups.start();
        closing.add(wakeups::stop);
        closing.add(store::shutDown);
        stream = store.openStream(null);
        closing.add(stream::close);
        assertThat(stream.hasNextAvailable(1, TimeUnit.MILLISECONDS)).isFalse(); // now tailing the store's producer
        awaitListening();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void eventsStoredByAnotherReplica_wakeThisReplicasStore(int perTransaction) throws Exception {
        append("svc/replica-b", "order-1", perTransaction);

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(drain()).isEqualTo(perTransaction);
        assertThat(wakeups.foreignWakes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void thisReplicasOwnNotificationsAreSkipped(int perTransaction) throws Exception {
        // Written on this replica's connections but past its store, so nothing wakes the store for it.
        append("svc/replica-a", "order-own", perTransaction);
        // Notifications arrive in commit order: once the other replica's event is seen, ours had arrived before it.
        append("svc/replica-b", "order-other", 1);

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(drain()).as("both writes, read by the one wake-up").isEqualTo(perTransaction + 1);
        assertThat(wakeups.foreignWakes()).as("only the other replica's notification woke the store").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void wakeUpsResumeAfterTheListeningConnectionIsKilled(int perTransaction) throws Exception {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN%"
                    + schema + "%'");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (wakeups.listening() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(wakeups.listening()).as("noticed the lost connection").isFalse();
        awaitListening();

        append("svc/replica-b", "order-after", perTransaction);

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(drain()).isEqualTo(perTransaction);
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void eventsThisReplicaStores_endTheWaitOfItsStreams_everyTime(int perTransaction) throws Exception {
        for (int round = 0; round < 10; round++) {
            append("svc/replica-a", "order-" + round, perTransaction);
            store.wake(); // as this replica's commit does (CommitAwareEventStore.afterCommit)

            assertThat(seenWithinAWakeUp()).as("round %d", round).isTrue();
            assertThat(drain()).isEqualTo(perTransaction);
        }
        assertThat(wakeups.foreignWakes()).isZero();
    }

    @Test
    void aProcessorWaitingForEventsLeavesItsWait_whenTheProcessorsShutDown() throws Exception {
        var result = new java.util.concurrent.CompletableFuture<Boolean>();
        Thread waiting = new Thread(() -> {
            try {
                result.complete(stream.hasNextAvailable(60_000, TimeUnit.MILLISECONDS));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        waiting.start();
        Thread.sleep(200); // let it settle into its wait: ending a wait not yet begun would prove nothing

        store.releaseWaiters();

        assertThat(result.get(5, TimeUnit.SECONDS)).as("no event, so false, and long before the 60 s").isFalse();
    }

    /**
     * Whether the stream has an event before {@link #WITHIN_MS} pass. A stream not woken still answers true at the end
     * of its wait if the event came meanwhile, so the time it took is what tells a wake-up.
     */
    private boolean seenWithinAWakeUp() throws InterruptedException {
        long start = System.nanoTime();
        boolean seen = stream.hasNextAvailable((int) WITHIN_MS, TimeUnit.MILLISECONDS);
        return seen && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(WITHIN_MS);
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!wakeups.listening() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(wakeups.listening()).as("listening").isTrue();
    }

    /** The events already read: one read of the store brings all of a transaction's, and the writes before it. */
    private int drain() throws InterruptedException {
        int n = 0;
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
            n++;
        }
        return n;
    }

    /** Stores {@code count} events of one aggregate in one transaction, as the replica named {@code replica} would. */
    private void append(String replica, String aggregate, int count) {
        DataSource ds = dataSource(replica);
        JdbcEventStorageEngine engine = engine(ds);
        var events = new ArrayList<GenericDomainEventMessage<String>>();
        for (int i = 0; i < count; i++) {
            events.add(new GenericDomainEventMessage<>("Order", aggregate, i, "event " + i));
        }
        new TransactionTemplate(new DataSourceTransactionManager(ds))
                .executeWithoutResult(s -> engine.appendEvents(events));
    }

    private DataSource dataSource(String applicationName) {
        var ds = new DriverManagerDataSource(url);
        var props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "");
        props.setProperty("currentSchema", schema);
        props.setProperty("ApplicationName", applicationName);
        ds.setConnectionProperties(props);
        return ds;
    }

    private static JdbcEventStorageEngine engine(DataSource ds) {
        var serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(ds))
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(ds)))
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .schema(AxonJdbcConfiguration.eventSchema())
                .build();
    }

    private static EventBusSpanFactory spans() {
        return DefaultEventBusSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }
}
