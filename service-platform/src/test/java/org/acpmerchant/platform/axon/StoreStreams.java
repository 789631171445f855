package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;

/** What the event-store tests wait for: events on a tailing stream, and the store's reads coming to rest. */
final class StoreStreams {

    private StoreStreams() {}

    /** Takes up to {@code expected} events, each waited for at most {@code withinMs}: how many it took. */
    static int take(BlockingStream<?> stream, int expected, long withinMs) throws InterruptedException {
        int n = 0;
        while (n < expected && stream.hasNextAvailable((int) withinMs, TimeUnit.MILLISECONDS)) {
            stream.nextAvailable();
            n++;
        }
        return n;
    }

    /**
     * Until no read of {@code store} is under way and none began for 100 ms, within 10 s; {@code eachRound} runs before
     * each look.
     */
    static void awaitAtRest(CommitAwareEventStore store, InterruptibleRunnable eachRound) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            eachRound.run();
            long seen = store.readsStarted();
            Thread.sleep(100);
            if (store.readsStarted() == seen && store.readsEnded() == seen) {
                return;
            }
            assertThat(System.nanoTime()).as("the store at rest within 10 s").isLessThan(deadline);
        }
    }

    @FunctionalInterface
    interface InterruptibleRunnable {
        void run() throws InterruptedException;
    }
}
