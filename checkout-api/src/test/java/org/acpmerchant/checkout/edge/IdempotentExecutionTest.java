package org.acpmerchant.checkout.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.acpmerchant.platform.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an action's failure answers the agent: the infrastructure gone under the request (a database restart, a
 * failover, the broker away) is {@code 503} with {@code Retry-After}, so the agent retries with the same key (a 5xx
 * is never stored against it); anything else is a {@code 500}. A database restart once answered buyers' completes
 * with {@code 500 internal_error} in the production-shaped chaos run.
 */
class IdempotentExecutionTest {

    static Stream<RuntimeException> infrastructureGone() {
        return Stream.of(
                new DataAccessResourceFailureException("PreparedStatementCallback",
                        new SQLException("FATAL: terminating connection due to administrator command", "57P01")),
                new CannotCreateTransactionException("Could not open JDBC Connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")),
                new UncategorizedSQLException("select", "select 1", new SQLException("the database is starting up",
                        "57P03")),
                new UncategorizedSQLException("insert", "insert", new SQLException("An I/O error occurred", "08006")),
                new CannotAcquireLockException("lock not available"),
                new IllegalStateException("wrapped", new org.apache.kafka.common.errors.NotLeaderOrFollowerException(
                        "the broker is moving the partition")));
    }

    @ParameterizedTest
    @MethodSource("infrastructureGone")
    void theInfrastructureGoneUnderTheRequest_isA503ToRetry(RuntimeException failure) {
        AcpException answer = IdempotentExecution.toAcp(failure);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.type()).isEqualTo("service_unavailable");
        assertThat(answer.code()).isEqualTo("temporarily_unavailable");
        assertThat(answer.retryAfterSeconds()).isEqualTo(2);
        assertThat(answer.getMessage()).contains("same Idempotency-Key");
    }

    /**
     * The database gone before anything is claimed (a real pgjdbc connection to a port nothing listens on): the same
     * 503, and the action never runs. The claim's failure used to escape the edge as a servlet error.
     */
    @Test
    void theDatabaseGoneBeforeTheClaim_isA503_andRunsNothing() throws Exception {
        PGSimpleDataSource gone = new PGSimpleDataSource();
        gone.setUrl("jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/acp");
        gone.setUser("postgres");
        gone.setConnectTimeout(2);
        var store = new IdempotencyStore(new JdbcTemplate(gone), new TransactionTemplate(
                new DataSourceTransactionManager(gone)), Clock.systemUTC(), Duration.ofDays(1), Duration.ofSeconds(30));
        AtomicInteger ran = new AtomicInteger();

        IdempotentExecution.Outcome outcome = new IdempotentExecution(store).run("agent", "/checkout_sessions",
                "key-1", "{}".getBytes(StandardCharsets.UTF_8), 201, held -> {
                    ran.incrementAndGet();
                    return "{}";
                }, ref -> "{}");

        assertThat(outcome.status()).isEqualTo(503);
        assertThat(outcome.body()).contains("temporarily_unavailable");
        assertThat(outcome.retryAfterSeconds()).isEqualTo(2L);
        assertThat(ran).hasValue(0);
    }

    static Stream<RuntimeException> bugs() {
        return Stream.of(new IllegalStateException("a bug"), new NullPointerException(),
                new DataIntegrityViolationException("duplicate key", new SQLException("duplicate key", "23505")),
                new UncategorizedSQLException("select", "select", new SQLException("syntax error", "42601")));
    }

    @ParameterizedTest
    @MethodSource("bugs")
    void anythingElse_isA500(RuntimeException failure) {
        AcpException answer = IdempotentExecution.toAcp(failure);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.code()).isEqualTo("internal_error");
        assertThat(answer.retryAfterSeconds()).isNull();
    }
}
