package org.acpmerchant.platform.axon;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC components (event store, token store, saga store) on the connection of the Spring transaction they run
 * in, without a reflective proxy in between. Axon's own providers wrap every connection in two JDK proxies (one per
 * unit of work, one per Spring connection), so each JDBC call Axon makes went through two reflective invocations: 1.3 %
 * of a checkout's samples (ADR 0048). Inside a transaction this provider hands out {@link SpringConnection}, a plain
 * delegate that does what Axon's Spring proxy does: {@code close()} gives the connection back to Spring and
 * {@code commit()} leaves a transaction's connection to its transaction. Outside one (the event store's reader thread)
 * it asks Axon's providers, as before.
 */
public final class SpringConnections implements ConnectionProvider {

    private final DataSource dataSource;
    private final ConnectionProvider outsideTransactions;

    public SpringConnections(DataSource dataSource, ConnectionProvider outsideTransactions) {
        this.dataSource = dataSource;
        this.outsideTransactions = outsideTransactions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return new SpringConnection(DataSourceUtils.doGetConnection(dataSource), dataSource);
        }
        return outsideTransactions.getConnection();
    }

    /** A connection from Spring: {@code close} and {@code commit} as Axon's Spring proxy has them, the rest delegated. */
    static final class SpringConnection implements Connection {

        private final Connection connection;
        private final DataSource dataSource;

        SpringConnection(Connection connection, DataSource dataSource) {
            this.connection = connection;
            this.dataSource = dataSource;
        }

        /** Hands the connection back to Spring: the transaction's stays open for it, any other goes to the pool. */
        @Override
        public void close() {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }

        /** Commits only a connection no transaction owns; a transaction's connection commits with it. */
        @Override
        public void commit() throws SQLException {
            if (!DataSourceUtils.isConnectionTransactional(connection, dataSource)) {
                connection.commit();
            }
        }

        @Override
        public void abort(Executor a0) throws SQLException {
            connection.abort(a0);
        }

        @Override
        public void beginRequest() throws SQLException {
            connection.beginRequest();
        }

        @Override
        public void clearWarnings() throws SQLException {
            connection.clearWarnings();
        }

        @Override
        public Array createArrayOf(String a0, Object[] a1) throws SQLException {
            return connection.createArrayOf(a0, a1);
        }

        @Override
        public Blob createBlob() throws SQLException {
            return connection.createBlob();
        }

        @Override
        public Clob createClob() throws SQLException {
            return connection.createClob();
        }

        @Override
        public NClob createNClob() throws SQLException {
            return connection.createNClob();
        }

        @Override
        public SQLXML createSQLXML() throws SQLException {
            return connection.createSQLXML();
        }

        @Override
        public Statement createStatement() throws SQLException {
            return connection.createStatement();
        }

        @Override
        public Statement createStatement(int a0, int a1, int a2) throws SQLException {
            return connection.createStatement(a0, a1, a2);
        }

        @Override
        public Statement createStatement(int a0, int a1) throws SQLException {
            return connection.createStatement(a0, a1);
        }

        @Override
        public Struct createStruct(String a0, Object[] a1) throws SQLException {
            return connection.createStruct(a0, a1);
        }

        @Override
        public void endRequest() throws SQLException {
            connection.endRequest();
        }

        @Override
        public boolean getAutoCommit() throws SQLException {
            return connection.getAutoCommit();
        }

        @Override
        public String getCatalog() throws SQLException {
            return connection.getCatalog();
        }

        @Override
        public Properties getClientInfo() throws SQLException {
            return connection.getClientInfo();
        }

        @Override
        public String getClientInfo(String a0) throws SQLException {
            return connection.getClientInfo(a0);
        }

        @Override
        public int getHoldability() throws SQLException {
            return connection.getHoldability();
        }

        @Override
        public DatabaseMetaData getMetaData() throws SQLException {
            return connection.getMetaData();
        }

        @Override
        public int getNetworkTimeout() throws SQLException {
            return connection.getNetworkTimeout();
        }

        @Override
        public String getSchema() throws SQLException {
            return connection.getSchema();
        }

        @Override
        public int getTransactionIsolation() throws SQLException {
            return connection.getTransactionIsolation();
        }

        @Override
        public Map<String, Class<?>> getTypeMap() throws SQLException {
            return connection.getTypeMap();
        }

        @Override
        public SQLWarning getWarnings() throws SQLException {
            return connection.getWarnings();
        }

        @Override
        public boolean isClosed() throws SQLException {
            return connection.isClosed();
        }

        @Override
        public boolean isReadOnly() throws SQLException {
            return connection.isReadOnly();
        }

        @Override
        public boolean isValid(int a0) throws SQLException {
            return connection.isValid(a0);
        }

        @Override
        public boolean isWrapperFor(Class<?> a0) throws SQLException {
            return connection.isWrapperFor(a0);
        }

        @Override
        public String nativeSQL(String a0) throws SQLException {
            return connection.nativeSQL(a0);
        }

        @Override
        public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
            return connection.prepareCall(a0, a1, a2, a3);
        }

        @Override
        public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
            return connection.prepareCall(a0, a1, a2);
        }

        @Override
        public CallableStatement prepareCall(String a0) throws SQLException {
            return connection.prepareCall(a0);
        }

        @Override
        public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
            return connection.prepareStatement(a0, a1);
        }

        @Override
        public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
            return connection.prepareStatement(a0, a1);
        }

        @Override
        public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
            return connection.prepareStatement(a0, a1, a2, a3);
        }

        @Override
        public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
            return connection.prepareStatement(a0, a1, a2);
        }

        @Override
        public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
            return connection.prepareStatement(a0, a1);
        }

        @Override
        public PreparedStatement prepareStatement(String a0) throws SQLException {
            return connection.prepareStatement(a0);
        }

        @Override
        public void releaseSavepoint(Savepoint a0) throws SQLException {
            connection.releaseSavepoint(a0);
        }

        @Override
        public void rollback() throws SQLException {
            connection.rollback();
        }

        @Override
        public void rollback(Savepoint a0) throws SQLException {
            connection.rollback(a0);
        }

        @Override
        public void setAutoCommit(boolean a0) throws SQLException {
            connection.setAutoCommit(a0);
        }

        @Override
        public void setCatalog(String a0) throws SQLException {
            connection.setCatalog(a0);
        }

        @Override
        public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
            connection.setClientInfo(a0, a1);
        }

        @Override
        public void setClientInfo(Properties a0) throws SQLClientInfoException {
            connection.setClientInfo(a0);
        }

        @Override
        public void setHoldability(int a0) throws SQLException {
            connection.setHoldability(a0);
        }

        @Override
        public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
            connection.setNetworkTimeout(a0, a1);
        }

        @Override
        public void setReadOnly(boolean a0) throws SQLException {
            connection.setReadOnly(a0);
        }

        @Override
        public Savepoint setSavepoint() throws SQLException {
            return connection.setSavepoint();
        }

        @Override
        public Savepoint setSavepoint(String a0) throws SQLException {
            return connection.setSavepoint(a0);
        }

        @Override
        public void setSchema(String a0) throws SQLException {
            connection.setSchema(a0);
        }

        @Override
        public void setShardingKey(ShardingKey a0, ShardingKey a1) throws SQLException {
            connection.setShardingKey(a0, a1);
        }

        @Override
        public void setShardingKey(ShardingKey a0) throws SQLException {
            connection.setShardingKey(a0);
        }

        @Override
        public boolean setShardingKeyIfValid(ShardingKey a0, int a1) throws SQLException {
            return connection.setShardingKeyIfValid(a0, a1);
        }

        @Override
        public boolean setShardingKeyIfValid(ShardingKey a0, ShardingKey a1, int a2) throws SQLException {
            return connection.setShardingKeyIfValid(a0, a1, a2);
        }

        @Override
        public void setTransactionIsolation(int a0) throws SQLException {
            connection.setTransactionIsolation(a0);
        }

        @Override
        public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
            connection.setTypeMap(a0);
        }

        @Override
        public <T> T unwrap(Class<T> a0) throws SQLException {
            return connection.unwrap(a0);
        }
    }
}
