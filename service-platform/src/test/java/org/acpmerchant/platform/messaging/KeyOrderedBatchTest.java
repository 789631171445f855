package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;

class KeyOrderedBatchTest {

    final KeyOrderedBatch batch = new KeyOrderedBatch("test-step", 4, ObservationRegistry.NOOP);

    @AfterEach
    void close() {
        batch.close();
    }

    /**
     * Generated batches (keys, a null key among them, and failures drawn at random): each key's records are handled
     * in offset order and stop at its first failure; the exception names the earliest failed record in the batch,
     * and every record before it was handled.
     */
    @Test
    void generatedBatches_keepEachKeysOrder_andNameTheEarliestFailure() {
        Random random = new Random(58);
        for (int run = 0; run < 300; run++) {
            int size = 1 + random.nextInt(40);
            int keys = 1 + random.nextInt(8);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Set<Long> failing = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < size; i++) {
                int k = random.nextInt(keys);
                records.add(new ConsumerRecord<>("t", random.nextInt(2), i, k == 0 ? null : "cs_" + k, "v" + i));
                if (random.nextInt(12) == 0) {
                    failing.add((long) i);
                }
            }
            List<ConsumerRecord<String, String>> handled = new CopyOnWriteArrayList<>();
            Runnable process = () -> batch.process("l", "g", records, record -> {
                if (failing.contains(record.offset())) {
                    throw new IllegalStateException("failed " + record.offset());
                }
                handled.add(record);
            });

            int earliest = -1;
            for (int i = 0; i < size; i++) {
                if (failing.contains((long) i)) {
                    earliest = i;
                    break;
                }
            }
            if (earliest < 0) {
                process.run();
                assertThat(handled).as("run %d", run).hasSize(size);
            } else {
                BatchListenerFailedException thrown = catchThrowableOfType(BatchListenerFailedException.class,
                        process::run);
                assertThat(thrown).as("run %d", run).isNotNull();
                assertThat(thrown.getRecord()).isSameAs(records.get(earliest));
                assertThat(thrown.getCause()).hasMessage("failed " + earliest);
                for (int i = 0; i < earliest; i++) {
                    assertThat(handled).as("run %d, record %d before the failure", run, i).contains(records.get(i));
                }
            }
            // per key: the records handled are exactly those before the key's first failure, in offset order
            Map<String, List<Long>> expected = new java.util.HashMap<>();
            Set<String> stopped = new java.util.HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                String key = String.valueOf(record.key());
                if (stopped.contains(key)) {
                    continue;
                }
                if (failing.contains(record.offset())) {
                    stopped.add(key);
                } else {
                    expected.computeIfAbsent(key, x -> new ArrayList<>()).add(record.offset());
                }
            }
            Map<String, List<Long>> actual = new java.util.HashMap<>();
            for (ConsumerRecord<String, String> record : handled) {
                actual.computeIfAbsent(String.valueOf(record.key()), x -> new ArrayList<>()).add(record.offset());
            }
            assertThat(actual).as("run %d", run).isEqualTo(expected);
        }
    }

    /** Four keys' records wait for each other: only handled side by side can they all get past the latch. */
    @Test
    void differentKeys_runSideBySide() {
        CountDownLatch together = new CountDownLatch(4);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(new ConsumerRecord<>("t", 0, i, "cs_" + i, "v"));
        }
        List<Boolean> met = new CopyOnWriteArrayList<>();
        batch.process("l", "g", records, record -> {
            together.countDown();
            try {
                met.add(together.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(met).containsExactly(true, true, true, true);
    }

    /** One key's records never overlap: the second starts after the first has returned. */
    @Test
    void oneKeysRecords_neverOverlap() {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new ConsumerRecord<>("t", 0, i, i % 2 == 0 ? "cs_a" : "cs_b", "v"));
        }
        Map<String, Integer> inside = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        batch.process("l", "g", records, record -> {
            if (inside.merge(record.key(), 1, Integer::sum) > 1) {
                overlaps.add(record.key() + "@" + record.offset());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.merge(record.key(), -1, Integer::sum);
        });
        assertThat(overlaps).isEmpty();
    }

    /**
     * An Error (not a record's failure) on the consumer's own key or on a worker's is thrown only once every other key
     * has finished: the container retries the batch, and no record may still be running beside its retry.
     */
    @Test
    void anError_isThrownOnlyOnceEveryKeyHasFinished() {
        for (String failingKey : List.of("cs_first", "cs_second")) {
            List<ConsumerRecord<String, String>> records = List.of(
                    new ConsumerRecord<>("t", 0, 0, "cs_first", "v"),
                    new ConsumerRecord<>("t", 0, 1, "cs_second", "v"),
                    new ConsumerRecord<>("t", 0, 2, "cs_slow", "v"));
            Set<String> finished = ConcurrentHashMap.newKeySet();
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> batch.process("l", "g", records,
                    record -> {
                        if (record.key().equals(failingKey)) {
                            throw new AssertionError("not a record's failure");
                        }
                        if (record.key().equals("cs_slow")) {
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        finished.add(record.key());
                    }));
            assertThat(thrown).as("failing %s", failingKey).isNotNull()
                    .isNotInstanceOf(BatchListenerFailedException.class);
            assertThat(finished).as("failing %s", failingKey).contains("cs_slow");
        }
    }

    @Test
    void noWorkers_isRefused() {
        assertThatThrownBy(() -> new KeyOrderedBatch("x", 0, ObservationRegistry.NOOP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
