package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A response the database refused while it was down (every connection cut, new ones refused) is written once it is
 * back, so the agent's retry finds the key answered or free within a second, not held for the whole lease (38 s by
 * default). Each case cuts a real PostgreSQL database, finishes keys in every state a request can leave them in, and
 * lets the database in again.
 */
class IdempotencyFinishRetryIT {

    private static final String AGENT = "chatgpt";
    private static final Duration LEASE = Duration.ofMinutes(5);

    static String url;
    static String database;
    static JdbcTemplate jdbc;
    static IdempotencyStore store;
    static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void database() {
        url = LocalInfrastructure.newDatabase("idem_retry");
        database = url.substring(url.lastIndexOf('/') + 1);
        var dataSource = new DriverManagerDataSource(url, "postgres", "");
        // as the services migrate: the lock is not a transaction a CREATE INDEX CONCURRENTLY would wait for
        Flyway.configure().dataSource(dataSource).schemas("checkout")
                .locations("classpath:db/axon", "classpath:db/checkout")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
        dataSource.setUrl(url + "?currentSchema=checkout&connectTimeout=2");
        jdbc = new JdbcTemplate(dataSource);
        store = new IdempotencyStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), Duration.ofHours(24), LEASE, Duration.ofMillis(50)).meteredBy(meters);
    }

    @AfterAll
    static void close() throws Exception {
        store.close();
        setAvailable(true);
    }

    /** What the request's action left behind, and what it answered. */
    enum Effect { NONE, APPLIED }

    static Stream<Arguments> outcomes() {
        List<Arguments> cases = new ArrayList<>();
        for (int status : new int[] {200, 201, 400, 404, 409, 422, 500, 502, 503}) {
            for (Effect effect : Effect.values()) {
                cases.add(Arguments.of(status, effect));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("outcomes")
    void aResponseRefusedByADownDatabase_isWrittenWhenItIsBack(int status, Effect effect) throws Exception {
        IdempotencyKey held = claimed(effect);
        String scope = held.scope();
        String key = held.key();
        String body = "{\"status\":" + status + "}";

        double gaugeWhileDown = finishWhileTheDatabaseIsDown(held, status, body);
        assertThat(gaugeWhileDown).isPositive();

        awaitNoPendingFinishes();
        assertThat(meters.get("acp.idempotency.pending.finishes").gauge().value()).isZero();
        Map<String, Object> row = row(scope, key);
        if (status >= 500 && effect == Effect.NONE) {
            assertThat(row).as("a server error with no effect forgets the key").isNull();
        } else if (status >= 500) {
            assertThat(row.get("state")).isEqualTo("applied");
            assertThat((Boolean) row.get("lease_over")).as("the lease of an applied key ends at once").isTrue();
            assertThat(store.claim(AGENT, scope, key, "f".repeat(64)))
                    .isInstanceOf(IdempotencyStore.Recover.class);
        } else {
            assertThat(row.get("state")).isEqualTo("completed");
            assertThat(row.get("response_status")).isEqualTo(status);
            assertThat(store.claim(AGENT, scope, key, "f".repeat(64)))
                    .isEqualTo(new IdempotencyStore.Replay(status, body));
        }
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("outcomes")
    void aLateWrite_neverTouchesAKeyARetryHasTakenOver(int status, Effect effect) throws Exception {
        IdempotencyKey held = claimed(effect);
        String scope = held.scope();
        String key = held.key();
        // The database stayed down past the lease: the agent's retry took the key over under a new claim first.
        jdbc.update("update idempotency_record set locked_until = now() + interval '1 minute', claim_id = ? "
                + "where idempotency_key = ?", "taken-over", key);
        Map<String, Object> before = row(scope, key);
        finishWhileTheDatabaseIsDown(held, status, "{\"late\":true}");

        awaitNoPendingFinishes();

        Map<String, Object> after = row(scope, key);
        assertThat(after).isEqualTo(before);
        assertThat(after.get("response_body")).isNull();
    }

    /** A key claimed by a request whose action left {@code effect} behind. */
    private static IdempotencyKey claimed(Effect effect) {
        String key = UUID.randomUUID().toString();
        String scope = "/checkout_sessions/cs_" + key.substring(0, 8) + "/complete";
        var proceed = (IdempotencyStore.Proceed) store.claim(AGENT, scope, key, "f".repeat(64));
        var held = new IdempotencyKey(AGENT, scope, key, proceed.claimId());
        if (effect == Effect.APPLIED) {
            store.markApplied(held, "cs_" + key.substring(0, 8));
        }
        return held;
    }

    /**
     * Finishes the key while the database is cut, checks the write was refused and is waiting, lets the database in
     * again; returns the pending-finishes gauge as it read while the database was down.
     */
    private static double finishWhileTheDatabaseIsDown(IdempotencyKey held, int status, String body) throws Exception {
        setAvailable(false);
        try {
            store.finish(held, status, body);
            assertThat(store.pendingFinishes()).isPositive();
            return meters.get("acp.idempotency.pending.finishes").gauge().value();
        } finally {
            setAvailable(true);
        }
    }

    private static void awaitNoPendingFinishes() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.pendingFinishes() == 0);
    }

    private static Map<String, Object> row(String scope, String key) {
        List<Map<String, Object>> rows = jdbc.queryForList("select state, response_status, response_body, claim_id, "
                + "locked_until <= now() as lease_over from idempotency_record where request_path = ? "
                + "and idempotency_key = ?", scope, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Refuses new connections to the database and cuts the open ones, or lets them in again: a database restart. */
    private static void setAvailable(boolean available) throws Exception {
        try (Connection c = LocalInfrastructure.connect(LocalInfrastructure.postgresBaseUrl() + "postgres");
                Statement st = c.createStatement()) {
            st.execute("alter database " + database + " with allow_connections " + available);
            if (!available) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                        + "' and pid <> pg_backend_pid()");
            }
        }
    }
}
