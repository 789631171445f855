package org.acpmerchant.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransientFailuresTest {

    @Test
    void databaseGoneOrRestarting_isTransient_atAnyDepth() {
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("wrapped",
                new CannotGetJdbcConnectionException("pool", new SQLException("refused", "08001"))))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("terminating", "57P01"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("no connections", "55000"))))
                .isFalse();
        assertThat(TransientFailures.isTransient(new ConcurrencyException("conflict"))).isTrue();
        assertThat(TransientFailures.isTransient(
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moving"))).isTrue();
    }

    @Test
    void aPoisonMessage_isNot() {
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad amount"))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("unique", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }
}
