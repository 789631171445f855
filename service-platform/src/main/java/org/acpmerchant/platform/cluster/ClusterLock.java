package org.acpmerchant.platform.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Work that one replica of a service does at a time (the catalog's feed push and reload): a PostgreSQL session-level
 * advisory lock, named, held on one connection while the work runs and released after it (or when the connection
 * dies with its replica). A replica that finds it held skips the work; the holder does it.
 */
public final class ClusterLock {

    private final DataSource dataSource;

    public ClusterLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} if no other replica is running work of that name; false when skipped or when it said so. */
    public boolean runIfFree(String name, BooleanSupplier work) {
        long key = key(name);
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "select pg_try_advisory_lock(?)", key)) {
                return false;
            }
            try {
                return work.getAsBoolean();
            } finally {
                call(connection, "select pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cluster lock " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** A stable 64-bit key per name (the first 8 bytes of its SHA-256). */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
