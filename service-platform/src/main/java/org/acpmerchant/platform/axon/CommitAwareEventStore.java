package org.acpmerchant.platform.axon;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.lifecycle.Phase;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's embedded event store, woken when the database has really committed new events, and whose tailing streams
 * never miss a wake-up.
 *
 * <p>Axon wakes its producer when the unit of work commits; where that unit of work runs inside a longer Spring
 * transaction (an HTTP effect committed with its idempotency key, a saga step inside its processor's batch), the
 * producer then reads before the rows are visible, finds nothing and sleeps for the whole fetch delay — a second on
 * every such hop. This store wakes it after the enclosing transaction commits instead (ADR 0055: only then). {@link
 * #wake()} lets another replica's notification do the same ({@link EventStoreWakeups}).
 *
 * <p>Axon's tailing stream checks for a new event before it takes the lock it waits on, so an event appended in
 * between is missed until the wait times out; the processors therefore had to wake every second (ADR 0022). The
 * streams this store opens wait instead on a counter of the producer's reads, taken before they look for an event,
 * so an event appended after the look ends the wait at once, and a processor can wait for events as long as it likes
 * (ADR 0051). When Axon shuts the processors down, the waits end within {@link #SHUTDOWN_POLL}.
 *
 * <p>Axon's producer reads the table again at once after every read that found events, and Axon's reads already end
 * with a fetch that came back empty; so when nothing woke the store since the previous read began, that second read
 * can only find the same nothing, and is answered empty without a query (ADR 0055). Every commit of new events wakes
 * the store after it (this replica's directly, another's through {@link EventStoreWakeups}), and a wake-up during a
 * read makes the producer read once more, so no event waits longer for it.
 */
public class CommitAwareEventStore extends EmbeddedEventStore {

    static final long SHUTDOWN_POLL = TimeUnit.MILLISECONDS.toNanos(50);

    private final Object reads = new Object();
    private long readsEnded; // guarded by reads
    private final AtomicLong readsStarted = new AtomicLong();
    /** Wake-ups so far: a commit of this store, another replica's notification, {@link #wake()}. */
    private final AtomicLong wakes = new AtomicLong();
    private final AtomicLong readsAnsweredEmpty = new AtomicLong();
    // The producer's previous read of the table (only its thread reads or writes these).
    private long wakesBeforeLastRead;
    private boolean lastReadFound;
    private volatile boolean shuttingDown;
    private final EventStorageEngine signallingEngine;
    private volatile Runnable committed = () -> {};

    protected CommitAwareEventStore(Builder builder) {
        super(builder);
        this.signallingEngine = new SignallingEngine(super.storageEngine(), this);
    }

    /**
     * The store that also puts the current trace into each event's metadata as it is published (ADR 0026), and reads
     * its table unprompted every {@code pollInterval} (Axon's default is 1 s; commits wake it at once, ADR 0051).
     */
    public static CommitAwareEventStore on(EventStorageEngine storageEngine, EventBusSpanFactory spans,
            Duration pollInterval) {
        Builder builder = new Builder() {
            @Override
            public EmbeddedEventStore build() {
                return new CommitAwareEventStore(this);
            }
        };
        builder.storageEngine(storageEngine).spanFactory(spans).fetchDelay(pollInterval.toMillis());
        return (CommitAwareEventStore) builder.build();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                    committed.run();
                }
            });
        } else {
            wake();
            committed.run();
        }
    }

    /** Runs {@code announcer} each time events this store published have really been committed. */
    public void announceCommitsWith(Runnable announcer) {
        this.committed = announcer;
    }

    /** Tells the tailing processors that new events may be in the store. */
    public void wake() {
        wakes.incrementAndGet();
        super.afterCommit(List.of());
    }

    /** The engine whose tracked reads, once read to their end, release the streams waiting for events. */
    @Override
    protected EventStorageEngine storageEngine() {
        return signallingEngine == null ? super.storageEngine() : signallingEngine;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new SignalledStream(super.openStream(trackingToken));
    }

    @Override
    public void registerLifecycleHandlers(org.axonframework.lifecycle.Lifecycle.LifecycleRegistry handle) {
        super.registerLifecycleHandlers(handle);
        // In the processors' own phase: their threads leave their waits while the processors shut down.
        handle.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, this::releaseWaiters);
    }

    void releaseWaiters() {
        shuttingDown = true;
        readEnded();
    }

    private void readEnded() {
        synchronized (reads) {
            readsEnded++;
            reads.notifyAll();
        }
    }

    /** How many tracked reads of the table have begun; with {@link #readsEnded()}, a test tells a store at rest. */
    long readsStarted() {
        return readsStarted.get();
    }

    long readsEnded() {
        synchronized (reads) {
            return readsEnded;
        }
    }

    /** How many of the producer's reads were answered empty without a query. */
    long readsAnsweredEmpty() {
        return readsAnsweredEmpty.get();
    }

    /**
     * Whether the producer's read about to start would repeat its previous one: that read found events and ended on an
     * empty fetch, and nothing woke the store since it began. Called on the producer's thread only.
     */
    private boolean repeatsLastRead() {
        if (lastReadFound && wakes.get() == wakesBeforeLastRead) {
            lastReadFound = false;
            readsAnsweredEmpty.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Waits until a read ends after the {@code seen}-th, or {@code nanos} pass. */
    private void awaitRead(long seen, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        synchronized (reads) {
            long left = nanos;
            while (readsEnded == seen && left > 0) {
                TimeUnit.NANOSECONDS.timedWait(reads, left);
                left = end - System.nanoTime();
            }
        }
    }

    /** Axon's stream, waited on through the read counter instead of its own lock. */
    private final class SignalledStream implements TrackingEventStream {
        private final TrackingEventStream delegate;

        SignalledStream(TrackingEventStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long end = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long seen = readsEnded();
                if (delegate.hasNextAvailable()) {
                    return true;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitRead(seen, shuttingDown ? Math.min(left, SHUTDOWN_POLL) : left);
                if (shuttingDown && !delegate.hasNextAvailable()) {
                    return false;
                }
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return delegate.setOnAvailableCallback(callback);
        }
    }

    /**
     * The storage engine, with each tracked read reporting its end: the producer appends what it read to the stream
     * as it goes, so once a read has ended, everything it found is there for the streams to see.
     */
    private static final class SignallingEngine extends ForwardingEngine {
        private final CommitAwareEventStore store;

        SignallingEngine(EventStorageEngine delegate, CommitAwareEventStore store) {
            super(delegate);
            this.store = store;
        }

        /** {@code mayBlock} is true for the reads of the store's producer only; a processor's own stream passes false. */
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            store.readsStarted.incrementAndGet();
            if (mayBlock && store.repeatsLastRead()) {
                store.readEnded();
                return Stream.empty();
            }
            long wakesBefore = store.wakes.get();
            if (mayBlock) {
                store.lastReadFound = false; // until this read ends: one that fails is never repeated by an answer
            }
            Stream<? extends TrackedEventMessage<?>> read = delegate.readEvents(trackingToken, mayBlock);
            return StreamSupport.stream(new Signalling<>(read.spliterator(), found -> {
                if (mayBlock) {
                    store.wakesBeforeLastRead = wakesBefore;
                    store.lastReadFound = found;
                }
                store.readEnded();
            }), false).onClose(read::close);
        }
    }

    /**
     * A spliterator that tells {@code ended} whether it found any element once its source has no more, and only once:
     * an iterator over it asks again at every {@code hasNext()}, and each end wakes every waiting stream.
     */
    private static final class Signalling<T> implements Spliterator<T> {
        private final Spliterator<T> source;
        private final Consumer<Boolean> ended;
        private boolean found;
        private boolean signalled;

        Signalling(Spliterator<T> source, Consumer<Boolean> ended) {
            this.source = source;
            this.ended = ended;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (source.tryAdvance(action)) {
                found = true;
                return true;
            }
            signalEnd();
            return false;
        }

        @Override
        public void forEachRemaining(Consumer<? super T> action) {
            source.forEachRemaining(element -> {
                found = true;
                action.accept(element);
            });
            signalEnd();
        }

        private void signalEnd() {
            if (!signalled) {
                signalled = true;
                ended.accept(found);
            }
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return source.estimateSize();
        }

        @Override
        public int characteristics() {
            return source.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED);
        }
    }
}
