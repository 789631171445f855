package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Axon's JDBC work on {@link SpringConnections} lands exactly as it did on Axon's own providers, on a real PostgreSQL:
 * a family of writes (inside or outside an Axon unit of work, one or two connections, commit and close called or not,
 * the Spring transaction committed or rolled back) leaves the same rows behind with either provider; inside a
 * transaction the connection is the transaction's and is never closed under it; outside one Axon's providers serve.
 */
class SpringConnectionsIT {

    static final HikariDataSource DATA_SOURCE = pool(LocalInfrastructure.newDatabase("spring_connections"));
    static final JdbcTemplate JDBC = new JdbcTemplate(DATA_SOURCE);
    static final TransactionTemplate TX = new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE));

    static {
        JDBC.execute("create table if not exists written (provider text, label text)");
    }

    /** A pool, as the services have: a physical connection per case would be most of this class's time. */
    static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    static ConnectionProvider axons() {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(DATA_SOURCE));
    }

    record Writes(boolean inUnitOfWork, int connections, boolean commitEach, boolean closeEach, boolean rollBack) {

        String label() {
            return (inUnitOfWork ? "uow" : "plain") + "-" + connections + (commitEach ? "-commit" : "")
                    + (closeEach ? "-close" : "") + (rollBack ? "-rollback" : "-commit-tx");
        }
    }

    static Stream<Arguments> writes() {
        List<Arguments> all = new ArrayList<>();
        for (boolean uow : new boolean[] {false, true}) {
            for (int connections = 1; connections <= 2; connections++) {
                for (boolean commit : new boolean[] {false, true}) {
                    for (boolean close : new boolean[] {false, true}) {
                        for (boolean rollBack : new boolean[] {false, true}) {
                            all.add(Arguments.of(new Writes(uow, connections, commit, close, rollBack)));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void inATransaction_writesLandAsOnAxonsProviders(Writes writes) {
        assertThat(rowsAfter(writes, "ours", new SpringConnections(DATA_SOURCE, axons())))
                .as("rows written through SpringConnections")
                .isEqualTo(rowsAfter(writes, "axon", axons()))
                .isEqualTo(writes.rollBack() ? 0 : writes.connections());
    }

    private static int rowsAfter(Writes writes, String provider, ConnectionProvider connections) {
        String label = writes.label();
        try {
            TX.executeWithoutResult(status -> {
                Runnable work = () -> write(writes, provider, connections);
                if (writes.inUnitOfWork()) {
                    DefaultUnitOfWork.startAndGet(null).execute(work);
                } else {
                    work.run();
                }
                if (writes.rollBack()) {
                    status.setRollbackOnly();
                }
            });
        } finally {
            // the transaction's connection went back to the pool: nothing of this case is left open
            assertThat(TransactionSynchronizationManager.getResourceMap())
                    .isEmpty();
        }
        return JDBC.queryForObject("select count(*) from written where provider = ? and label = ?", Integer.class,
                provider, label);
    }

    private static void write(Writes writes, String provider, ConnectionProvider connections) {
        try {
            for (int i = 0; i < writes.connections(); i++) {
                Connection connection = connections.getConnection();
                try (var insert = connection.prepareStatement("insert into written values (?, ?)")) {
                    insert.setString(1, provider);
                    insert.setString(2, writes.label());
                    insert.executeUpdate();
                }
                if (writes.commitEach()) {
                    connection.commit();
                }
                if (writes.closeEach()) {
                    connection.close();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void inATransaction_theConnectionIsTheTransactions_andCloseLeavesItOpen() {
        SpringConnections connections = new SpringConnections(DATA_SOURCE, axons());
        TX.executeWithoutResult(status -> {
            try {
                Connection transactions = DataSourceUtils.getConnection(DATA_SOURCE);
                Connection first = connections.getConnection();
                Connection second = connections.getConnection();
                assertThat(first).isInstanceOf(SpringConnections.SpringConnection.class);
                assertThat(first.unwrap(Connection.class)).isSameAs(second.unwrap(Connection.class))
                        .isSameAs(transactions.unwrap(Connection.class));
                first.close();
                second.close();
                assertThat(transactions.isClosed()).isFalse();
                assertThat(transactions.getAutoCommit()).isFalse();
                DataSourceUtils.releaseConnection(transactions, DATA_SOURCE);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void outsideATransaction_axonsProvidersServe() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ConnectionProvider axons = axons();
        SpringConnections connections = new SpringConnections(DATA_SOURCE, () -> {
            asked.incrementAndGet();
            return axons.getConnection();
        });
        Connection connection = connections.getConnection();
        try {
            assertThat(asked).hasValue(1);
            assertThat(connection).isNotInstanceOf(SpringConnections.SpringConnection.class);
            assertThat(connection.getAutoCommit()).isTrue();
        } finally {
            connection.close();
        }
        assertThat(connection.isClosed()).as("a connection of its own, back to the pool after use").isTrue();
    }
}
