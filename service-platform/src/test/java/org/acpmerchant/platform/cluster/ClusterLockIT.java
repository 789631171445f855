package org.acpmerchant.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Two replicas' locks on one real PostgreSQL: while one runs the work, the other skips it; afterwards it may run. */
class ClusterLockIT {

    final DriverManagerDataSource dataSource = new DriverManagerDataSource(
            LocalInfrastructure.newDatabase("cluster_lock"), "postgres", "");
    final ClusterLock replicaA = new ClusterLock(dataSource);
    final ClusterLock replicaB = new ClusterLock(dataSource);

    @Test
    void whileOneReplicaRunsTheWork_theOtherSkipsIt_thenItIsFreeAgain() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = thread.submit(() -> replicaA.runIfFree("feed-push", () -> {
                runs.incrementAndGet();
                holding.countDown();
                await(release);
                return true;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(replicaB.runIfFree("feed-push", () -> runs.incrementAndGet() > 0)).as("held: skipped").isFalse();
            assertThat(replicaB.runIfFree("catalog-load", () -> runs.incrementAndGet() > 0))
                    .as("another name is another lock").isTrue();
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(replicaB.runIfFree("feed-push", () -> runs.incrementAndGet() > 0)).as("released").isTrue();
            assertThat(runs).hasValue(3);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void workThatFailsReleasesTheLock() {
        try {
            replicaA.runIfFree("failing", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("boom");
        }
        assertThat(replicaB.runIfFree("failing", () -> true)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
