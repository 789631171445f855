package org.acpmerchant.checkout.session.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A waiting complete learns of its session's settlement from PostgreSQL's notification, sent at commit and only at
 * commit, on the real database.
 */
class SessionSettlementsIT {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SessionSettlements settlements;
    private JdbcTemplate jdbc;
    private TransactionTemplate tx;

    @BeforeEach
    void start() throws Exception {
        var dataSource = new DriverManagerDataSource(LocalInfrastructure.newDatabase("settle"), "postgres", "");
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        settlements = new SessionSettlements(dataSource, jdbc);
        settlements.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!settlements.listening() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(settlements.listening()).isTrue();
    }

    @AfterEach
    void stop() {
        settlements.stop();
        pool.shutdownNow();
    }

    @Test
    void aCommittedSettlement_wakesEveryWaiterOfThatSession_andNoOther() throws Exception {
        List<Future<Boolean>> same = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            same.add(pool.submit(waiter("cs_a")));
        }
        Future<Boolean> other = pool.submit(waiter("cs_b"));
        Thread.sleep(100);

        tx.executeWithoutResult(s -> settlements.announce("cs_a"));

        for (Future<Boolean> f : same) {
            assertThat(f.get(5, TimeUnit.SECONDS)).as("woken by the signal").isTrue();
        }
        assertThat(other.get(5, TimeUnit.SECONDS)).as("another session's waiter times out").isFalse();
    }

    @Test
    void aRolledBackSettlement_wakesNobody() throws Exception {
        Future<Boolean> waiting = pool.submit(waiter("cs_c"));
        Thread.sleep(100);
        try {
            tx.executeWithoutResult(s -> {
                settlements.announce("cs_c");
                s.setRollbackOnly();
            });
        } finally {
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void theSignalWaitsForTheCommit() throws Exception {
        Future<Boolean> waiting = pool.submit(waiter("cs_d"));
        Thread.sleep(100);
        tx.executeWithoutResult(s -> {
            settlements.announce("cs_d");
            sleep(300);
            assertThat(waiting.isDone()).as("not before the commit").isFalse();
        });
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Registers, then waits up to 800 ms (below the 1 s recheck): true only when a signal arrived. */
    private Callable<Boolean> waiter(String sessionId) {
        return () -> {
            try (SessionSettlements.Waiter w = settlements.register(sessionId)) {
                return w.await(Duration.ofMillis(800));
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
