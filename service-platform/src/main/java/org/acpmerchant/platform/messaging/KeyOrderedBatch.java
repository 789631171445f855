package org.acpmerchant.platform.messaging;

import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Runs the records of one polled batch in parallel across record keys (sessions), in offset order within a key, on a
 * bounded pool of workers. For listeners whose steps mostly wait on a remote call: payment-service calls Stripe
 * inside each step, and one record at a time per consumer bounded its parallel Stripe calls by the partition count
 * (ADR 0058).
 * <p>
 * Every record goes through the same handler, inbox and error handling as before. When records fail, the earliest
 * failed one in the batch's order is thrown as a {@link BatchListenerFailedException}: every record before it has
 * succeeded (a key's records stop at its first failure), so the container's error handler commits those, retries or
 * dead-letters the failed one as for a record listener, and delivers the rest again; those of them that had succeeded
 * are absorbed by the inbox. A batch of one key runs on the consumer's thread, without a hand-off. Each record is
 * observed on the thread that handles it, as the container observes a record listener's record, so its trace
 * continues from the record's headers.
 */
public final class KeyOrderedBatch implements AutoCloseable {

    private final ThreadPoolExecutor workers;
    private final ObservationRegistry observations;

    /** {@code threads} workers named {@code name-N}; the queue holds at most what the consumers polled. */
    public KeyOrderedBatch(String name, int threads, ObservationRegistry observations) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
        this.observations = Objects.requireNonNull(observations);
    }

    /**
     * Handles {@code records} (one poll of a batch listener, in the container's order) and returns once all have
     * been tried; throws {@link BatchListenerFailedException} naming the earliest record that failed.
     */
    public void process(String listenerId, String groupId, List<ConsumerRecord<String, String>> records,
            Consumer<ConsumerRecord<String, String>> handler) {
        Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            byKey.computeIfAbsent(keyOf(records.get(i)), k -> new ArrayList<>()).add(i);
        }
        RuntimeException[] failures = new RuntimeException[records.size()];
        List<Future<?>> running = new ArrayList<>(byKey.size());
        List<Integer> inline = null;
        for (List<Integer> indexes : byKey.values()) {
            if (inline == null) {
                inline = indexes;
            } else {
                running.add(workers.submit(
                        () -> handleInOrder(listenerId, groupId, records, indexes, handler, failures)));
            }
        }
        try {
            if (inline != null) {
                handleInOrder(listenerId, groupId, records, inline, handler, failures);
            }
        } finally {
            awaitAll(running); // even when the consumer's own key threw an Error: no record may run beside its retry
        }
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] != null) {
                throw new BatchListenerFailedException("record " + i + " of " + records.size() + " failed",
                        failures[i], records.get(i));
            }
        }
    }

    private void handleInOrder(String listenerId, String groupId, List<ConsumerRecord<String, String>> records,
            List<Integer> indexes, Consumer<ConsumerRecord<String, String>> handler, RuntimeException[] failures) {
        for (int i : indexes) {
            ConsumerRecord<String, String> record = records.get(i);
            try {
                KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                                DefaultKafkaListenerObservationConvention.INSTANCE,
                                () -> new KafkaRecordReceiverContext(record, listenerId, null, groupId, () -> null),
                                observations)
                        .observe(() -> handler.accept(record));
            } catch (RuntimeException e) {
                failures[i] = e;
                return; // the key's later records wait for this one to be retried
            }
        }
    }

    /**
     * Waits for every task, even when interrupted, before anything is thrown: a task still running must not be
     * retried beside itself.
     */
    private static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        Throwable escaped = null;
        for (Future<?> task : running) {
            while (true) {
                try {
                    task.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    escaped = escaped == null ? e.getCause() : escaped;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (escaped != null) {
            throw new IllegalStateException("a worker failed outside a record's handling", escaped);
        }
    }

    private static Object keyOf(ConsumerRecord<String, String> record) {
        return record.key() == null ? NO_KEY : record.key();
    }

    private static final Object NO_KEY = new Object();

    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
