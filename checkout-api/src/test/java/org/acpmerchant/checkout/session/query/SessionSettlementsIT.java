package org.acpmerchant.checkout.session.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
import org.springframework.transaction.TransactionDefinition;
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
    private TransactionTemplate separateTx;

    @BeforeEach
    void start() throws Exception {
        var dataSource = new DriverManagerDataSource(LocalInfrastructure.newDatabase("settle"), "postgres", "");
        jdbc = new JdbcTemplate(dataSource);
        var transactions = new DataSourceTransactionManager(dataSource);
        tx = new TransactionTemplate(transactions);
        separateTx = new TransactionTemplate(transactions);
        separateTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
        CountDownLatch registered = new CountDownLatch(6);
        for (int i = 0; i < 5; i++) {
            same.add(pool.submit(waiter("cs_a", registered)));
        }
        Future<Boolean> other = pool.submit(waiter("cs_b", registered));
        assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();

        tx.executeWithoutResult(s -> settlements.announce("cs_a"));

        for (Future<Boolean> f : same) {
            assertThat(f.get(5, TimeUnit.SECONDS)).as("woken by the signal").isTrue();
        }
        assertThat(other.get(5, TimeUnit.SECONDS)).as("another session's waiter times out").isFalse();
    }

    @Test
    void aRolledBackSettlement_wakesNobody() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        Future<Boolean> waiting = pool.submit(waiter("cs_c", registered));
        assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
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
        CountDownLatch registered = new CountDownLatch(2);
        Future<Boolean> waiting = pool.submit(waiter("cs_d", registered));
        Future<Boolean> later = pool.submit(waiter("cs_d_later", registered));
        assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
        tx.executeWithoutResult(s -> {
            settlements.announce("cs_d");
            // another settlement committed after that announce has woken its waiter: every notification committed
            // before it has been read
            separateTx.executeWithoutResult(n -> settlements.announce("cs_d_later"));
            assertThat(result(later)).as("the later, committed settlement").isTrue();
            assertThat(waiting.isDone()).as("not before the commit").isFalse();
        });
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Registers (then counts down), then waits up to 800 ms (below the 1 s recheck): true only when signalled. */
    private Callable<Boolean> waiter(String sessionId, CountDownLatch registered) {
        return () -> {
            try (SessionSettlements.Waiter w = settlements.register(sessionId)) {
                registered.countDown();
                return w.await(Duration.ofMillis(800));
            }
        };
    }

    private static boolean result(Future<Boolean> waiter) {
        try {
            return waiter.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
