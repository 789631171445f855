package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas of a service on one event table (ADR 0051): events the other replica stored wake this replica's store
 * at once, although the store itself reads the table only once a minute here; this replica's own announcements are
 * skipped (its commits wake its store directly); a replica alone announces nothing; the wake-ups survive the listening
 * connections being killed; the store's streams wait through its reads, not Axon's lock, and leave their waits when
 * the processors shut down. Each case runs for writes of one to several events per transaction.
 */
class EventStoreWakeupsIT {

    private static final Duration SAFETY_POLL = Duration.ofMinutes(1);
    private static final Duration PEER_CHECK = Duration.ofMillis(100);
    /** Far below the safety poll: an event seen within it was delivered by a wake-up, not by the poll. */
    private static final long WITHIN_MS = 5_000;

    /** One database for the class; each case has a schema, and so a channel, of its own. */
    private static String url;
    private AxonSchema schema;
    private CommitAwareEventStore store;
    private EventStoreWakeups wakeups;
    private EventStoreWakeups otherReplica;
    private BlockingStream<TrackedEventMessage<?>> stream;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void database() {
        url = LocalInfrastructure.newDatabase("wakeups");
    }

    @BeforeEach
    void twoReplicas() throws Exception {
        schema = AxonSchema.migrated(url, "wake");
        DataSource replicaA = schema.dataSource();
        store = CommitAwareEventStore.on(AxonSchema.engine(replicaA), AxonSchema.noSpans(), SAFETY_POLL);
        wakeups = new EventStoreWakeups(replicaA, store, PEER_CHECK);
        wakeups.start();
        closing.add(wakeups::stop);
        closing.add(store::shutDown);
        DataSource replicaB = schema.dataSource();
        var otherStore = CommitAwareEventStore.on(AxonSchema.engine(replicaB), AxonSchema.noSpans(), SAFETY_POLL);
        otherReplica = new EventStoreWakeups(replicaB, otherStore, PEER_CHECK);
        otherReplica.start();
        closing.add(otherReplica::stop);
        closing.add(otherStore::shutDown);
        stream = store.openStream(null);
        closing.add(stream::close);
        assertThat(stream.hasNextAvailable(1, TimeUnit.MILLISECONDS)).isFalse(); // now tailing the store's producer
        awaitListening();
        await(() -> wakeups.peers() && otherReplica.peers(), "each replica sees the other listening");
        awaitStoreAtRest();
    }

    /**
     * Until no read of this replica's store is under way or due. The listener woke the store when it started, and the
     * store's first read may still be on its way on a loaded machine: a read that reaches the table only after a case
     * appends finds the event without any notification (seen once in CI). A wake-up during a read makes the producer
     * read once more, so once a read begun after this wake-up has ended, and none began for a while after, every
     * earlier wake-up has been served.
     */
    private void awaitStoreAtRest() throws InterruptedException {
        StoreStreams.awaitAtRest(store, () -> {
            long started = store.readsStarted();
            store.wake();
            await(() -> store.readsStarted() > started && store.readsEnded() == store.readsStarted(),
                    "a read after the wake-up, ended");
        });
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
        append("order-1", perTransaction);
        assertThat(otherReplica.announce()).isTrue();

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(read(perTransaction)).isEqualTo(perTransaction);
        assertThat(wakeups.foreignWakes()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void thisReplicasOwnNotificationsAreSkipped(int perTransaction) throws Exception {
        // Stored past this replica's store, so only its own announcement could wake it, and that one is skipped.
        append("order-own", perTransaction);
        assertThat(wakeups.announce()).isTrue();
        await(() -> wakeups.announcements() == 1, "this replica's announcement sent");
        // Notifications arrive in order: once the other replica's is seen, this one's had arrived before it.
        append("order-other", 1);
        assertThat(otherReplica.announce()).isTrue();

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(read(perTransaction + 1)).as("both writes").isEqualTo(perTransaction + 1);
        assertThat(wakeups.foreignWakes()).as("only the other replica's notification woke the store").isEqualTo(1);
    }

    @Test
    void aReplicaAloneAnnouncesNothing() throws Exception {
        otherReplica.stop();
        await(() -> !wakeups.peers(), "the other replica's listener gone");

        assertThat(wakeups.announce()).as("nobody to tell").isFalse();
        assertThat(wakeups.announcements()).isZero();
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void wakeUpsResumeAfterTheListeningConnectionsAreKilled(int perTransaction) throws Exception {
        try (Connection admin = DriverManager.getConnection(url, "postgres", "");
                Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(pid) from pg_stat_activity where query like 'LISTEN%"
                    + schema.name() + "%'");
        }
        await(() -> !wakeups.listening(), "noticed the lost connection");
        awaitListening();
        await(() -> otherReplica.listening() && otherReplica.peers(), "the other replica back and seeing this one");

        append("order-after", perTransaction);
        assertThat(otherReplica.announce()).isTrue();

        assertThat(seenWithinAWakeUp()).isTrue();
        assertThat(read(perTransaction)).isEqualTo(perTransaction);
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3})
    void eventsThisReplicaStores_endTheWaitOfItsStreams_everyTime(int perTransaction) throws Exception {
        for (int round = 0; round < 10; round++) {
            append("order-" + round, perTransaction);
            store.wake(); // as this replica's commit does (CommitAwareEventStore.afterCommit)

            assertThat(seenWithinAWakeUp()).as("round %d", round).isTrue();
            assertThat(read(perTransaction)).isEqualTo(perTransaction);
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
        await(wakeups::listening, "listening");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /**
     * Takes up to {@code expected} events, each waited for at most {@link #WITHIN_MS}, then any already there: how many
     * it took. (A read woken earlier may have brought some, the wake-up under test the rest.)
     */
    private int read(int expected) throws InterruptedException {
        int n = StoreStreams.take(stream, expected, WITHIN_MS);
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
            n++;
        }
        return n;
    }

    /** Stores {@code count} events of one aggregate in one transaction, past either replica's store. */
    private void append(String aggregate, int count) {
        schema.append(AxonSchema.events(aggregate, count));
    }
}
