package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's producer queries its table once per wake-up that brings events, not twice (ADR 0055), and answering its
 * repeated read empty loses and delays nothing: writers committing concurrently, some transactions rolled back (gaps
 * in the index), each commit followed by its wake-up as {@link CommitAwareEventStore#afterCommit} does, and every
 * committed event reaches a tailing stream long before the store's own poll (a minute here) could have brought it.
 */
class ProducerReadsIT {

    private static final Duration SAFETY_POLL = Duration.ofMinutes(1);
    /** Far below the safety poll: events seen within it were brought by a wake-up, not by the poll. */
    private static final long WITHIN_MS = 5_000;

    private static String url;
    private AxonSchema schema;
    private DataSource dataSource;
    private CommitAwareEventStore store;
    private RacingEngine engine;
    private BlockingStream<TrackedEventMessage<?>> stream;

    @BeforeAll
    static void database() {
        url = LocalInfrastructure.newDatabase("producer_reads");
    }

    @BeforeEach
    void tailingStore() throws Exception {
        schema = AxonSchema.migrated(url, "reads");
        dataSource = schema.dataSource();
        engine = new RacingEngine(AxonSchema.engine(dataSource));
        store = CommitAwareEventStore.on(engine, AxonSchema.noSpans(), SAFETY_POLL);
        stream = store.openStream(null);
        assertThat(stream.hasNextAvailable(1, TimeUnit.MILLISECONDS)).isFalse(); // now tailing the store's producer
        awaitAtRest();
    }

    @AfterEach
    void close() {
        stream.close();
        store.shutDown();
    }

    @ParameterizedTest(name = "{0} event(s) per transaction")
    @ValueSource(ints = {1, 3, 150})
    void eachWakeUpWithEvents_costsOneQuery(int perTransaction) throws Exception {
        int rounds = 12;
        long queriesBefore = queries();
        long answeredBefore = store.readsAnsweredEmpty();
        for (int round = 0; round < rounds; round++) {
            schema.append(AxonSchema.events("order-" + round, perTransaction));
            store.wake();
            assertThat(take(perTransaction)).as("round %d", round).isEqualTo(perTransaction);
            awaitAtRest();
        }
        // 150 events exceed a fetch (Axon's batch is 100), and still make one read: it fetches until a fetch is empty.
        assertThat(queries() - queriesBefore).as("reads that queried the table").isEqualTo(rounds);
        assertThat(store.readsAnsweredEmpty() - answeredBefore).as("repeated reads answered empty").isEqualTo(rounds);
    }

    /**
     * The race the answer must not lose: events committed, and the store woken, just as a read that found events ends,
     * after its last fetch. Nothing else wakes the store afterwards, so only the producer's next read can bring them.
     */
    @ParameterizedTest(name = "{0} event(s) read, {1} committed as the read ends")
    @CsvSource({"1, 1", "3, 1", "1, 4", "150, 2"})
    void eventsCommittedAsAReadEnds_areReadNext(int first, int racing) throws Exception {
        engine.asTheNextReadEnds(() -> {
            schema.append(AxonSchema.events("order-racing", racing));
            store.wake();
        });
        schema.append(AxonSchema.events("order-first", first));
        store.wake();

        assertThat(take(first)).isEqualTo(first);
        assertThat(take(racing)).as("the events committed as the read ended, within %d ms", WITHIN_MS)
                .isEqualTo(racing);
        assertThat(engine.raced()).isTrue();
    }

    @ParameterizedTest(name = "{0} writers, {1} transactions each, up to {2} events, every {3}th rolled back")
    @CsvSource({"1, 60, 1, 0", "2, 60, 3, 5", "4, 40, 2, 3", "8, 25, 4, 4", "8, 40, 1, 2"})
    void concurrentCommitsAndRollbacks_reachTheStream_noneLostOrLate(int writers, int transactions, int maxEvents,
            int rollbackEvery) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicInteger committed = new AtomicInteger();
        Set<String> expected = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(CompletableFuture.runAsync(() -> write(writer, transactions, maxEvents, rollbackEvery,
                        committed, expected), pool));
            }
            Set<String> seen = new HashSet<>();
            int duplicates = 0;
            long lastProgress = System.nanoTime();
            while (!(allDone(done) && seen.size() == committed.get())) {
                if (stream.hasNextAvailable(50, TimeUnit.MILLISECONDS)) {
                    String id = stream.nextAvailable().getIdentifier();
                    duplicates += seen.add(id) ? 0 : 1;
                    lastProgress = System.nanoTime();
                } else if (allDone(done)) {
                    assertThat(System.nanoTime() - lastProgress)
                            .as("%d of %d committed events seen; the rest must come by wake-up, not by the poll",
                                    seen.size(), committed.get())
                            .isLessThan(TimeUnit.MILLISECONDS.toNanos(WITHIN_MS));
                }
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            assertThat(seen).as("exactly the committed events").isEqualTo(expected);
            assertThat(duplicates).isZero();
            assertThat(stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)).as("nothing rolled back").isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Transactions of 1 to {@code maxEvents} events; every {@code rollbackEvery}th rolls back (0: none). */
    private void write(int writer, int transactions, int maxEvents, int rollbackEvery, AtomicInteger committed,
            Set<String> expected) {
        JdbcEventStorageEngine writing = AxonSchema.engine(dataSource);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        for (int t = 0; t < transactions; t++) {
            var events = AxonSchema.events("w" + writer + "-t" + t, 1 + ThreadLocalRandom.current().nextInt(maxEvents));
            boolean rollBack = rollbackEvery > 0 && t % rollbackEvery == rollbackEvery - 1;
            tx.executeWithoutResult(status -> {
                writing.appendEvents(events);
                if (rollBack) {
                    status.setRollbackOnly(); // its index numbers are taken: a gap the readers must step over
                }
            });
            if (!rollBack) {
                events.forEach(e -> expected.add(e.getIdentifier()));
                committed.addAndGet(events.size());
                store.wake(); // after the commit, as this replica's commits and the other replicas' notices do
            }
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                Thread.yield();
            }
        }
    }

    private static boolean allDone(List<CompletableFuture<Void>> done) {
        return done.stream().allMatch(CompletableFuture::isDone);
    }

    private long queries() {
        return store.readsStarted() - store.readsAnsweredEmpty();
    }

    /** Takes up to {@code expected} events, each waited for at most {@link #WITHIN_MS}: how many it took. */
    private int take(int expected) throws InterruptedException {
        return StoreStreams.take(stream, expected, WITHIN_MS);
    }

    /** Until no read is under way and none began for 100 ms. */
    private void awaitAtRest() throws InterruptedException {
        StoreStreams.awaitAtRest(store, () -> {});
    }

    /**
     * The real engine, whose next read by the producer runs an action once its last fetch came back empty, before the
     * read ends: as a commit landing at that moment would.
     */
    private static final class RacingEngine extends ForwardingEngine {
        private final java.util.concurrent.atomic.AtomicReference<Runnable> action =
                new java.util.concurrent.atomic.AtomicReference<>();
        private volatile boolean raced;

        RacingEngine(EventStorageEngine delegate) {
            super(delegate);
        }

        void asTheNextReadEnds(Runnable run) {
            action.set(run);
        }

        boolean raced() {
            return raced;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
            Stream<? extends TrackedEventMessage<?>> read = delegate.readEvents(token, mayBlock);
            if (!mayBlock) {
                return read;
            }
            Iterator<? extends TrackedEventMessage<?>> events = read.iterator();
            Iterator<TrackedEventMessage<?>> racing = new Iterator<>() {
                private boolean found;

                @Override
                public boolean hasNext() {
                    if (events.hasNext()) {
                        found = true;
                        return true;
                    }
                    Runnable run = found ? action.getAndSet(null) : null;
                    if (run != null) {
                        run.run();
                        raced = true;
                    }
                    return false;
                }

                @Override
                public TrackedEventMessage<?> next() {
                    return events.next();
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(racing, Spliterator.ORDERED), false)
                    .onClose(read::close);
        }
    }
}
