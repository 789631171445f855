package org.acpmerchant.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real infrastructure for tests and the local stack, one per JVM: a PostgreSQL server (the machine's on
 * 127.0.0.1:5432 when it answers, else an embedded PostgreSQL 17 started from Maven Central binaries) and an
 * in-process KRaft Kafka broker.
 */
public final class LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private static String postgresBaseUrl;
    private static EmbeddedPostgres embeddedPostgres;
    private static EmbeddedKafkaKraftBroker kafka;
    private static final List<Runnable> FIRST_AT_SHUTDOWN = new CopyOnWriteArrayList<>();
    private static boolean shutdownHookRegistered;

    private LocalInfrastructure() {}

    /**
     * Runs {@code closer} at JVM exit before the broker and the database stop. One shutdown hook stops everything in
     * dependency order — what uses the infrastructure, then Kafka, then PostgreSQL — where separate hooks (the JVM runs
     * them all at once) stopped PostgreSQL under running services: their shutdown then waited on connections that
     * never came, ~30 s.
     */
    public static synchronized void atShutdown(Runnable closer) {
        FIRST_AT_SHUTDOWN.add(closer);
        ensureShutdownHook();
    }

    private static synchronized void ensureShutdownHook() {
        if (!shutdownHookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(LocalInfrastructure::shutdown, "local-infrastructure-shutdown"));
            shutdownHookRegistered = true;
        }
    }

    private static void shutdown() {
        List<Runnable> closers = new ArrayList<>(FIRST_AT_SHUTDOWN);
        Collections.reverse(closers);
        for (Runnable closer : closers) {
            try {
                closer.run();
            } catch (RuntimeException e) {
                log.warn("A closer failed at shutdown: {}", e.toString());
            }
        }
        EmbeddedKafkaKraftBroker broker;
        EmbeddedPostgres postgres;
        synchronized (LocalInfrastructure.class) {
            broker = kafka;
            postgres = embeddedPostgres;
        }
        if (broker != null) {
            broker.destroy();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }
    }

    /** A JDBC URL (user {@code postgres}) to a new, empty database on the shared server. */
    public static synchronized String newDatabase(String prefix) {
        String base = postgresBaseUrl();
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(base + "postgres");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return base + name;
    }

    /** Starts (once) an embedded PostgreSQL whose data lives in {@code dataDirectory} and survives restarts. */
    public static synchronized String persistentEmbeddedPostgres(Path dataDirectory, int port) {
        if (embeddedPostgres == null) {
            try {
                embeddedPostgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setRegisterShutdownHook(false)
                        .start();
                ensureShutdownHook();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgresBaseUrl = "jdbc:postgresql://127.0.0.1:" + embeddedPostgres.getPort() + "/";
        }
        return postgresBaseUrl;
    }

    public static synchronized String postgresBaseUrl() {
        if (postgresBaseUrl != null) {
            return postgresBaseUrl;
        }
        String machine = "jdbc:postgresql://127.0.0.1:5432/";
        if (!"embedded".equals(System.getenv("ACP_TEST_POSTGRES")) && answers(machine + "postgres")) {
            log.info("Using the PostgreSQL server on 127.0.0.1:5432");
            postgresBaseUrl = machine;
        } else {
            try {
                embeddedPostgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                ensureShutdownHook();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgresBaseUrl = "jdbc:postgresql://127.0.0.1:" + embeddedPostgres.getPort() + "/";
            log.info("Started an embedded PostgreSQL on port {}", embeddedPostgres.getPort());
        }
        return postgresBaseUrl;
    }

    /** The bootstrap servers of the in-process broker, started on first use. */
    /** The shared broker on a fixed free port, so that {@link #restartKafkaBroker} brings it back where it was. */
    public static synchronized String kafkaBootstrapServers() {
        return kafkaBootstrapServers(kafka == null ? freePort() : 0);
    }

    /**
     * Stops the shared broker (its log stays on disk), waits {@code downtime}, and starts it again on the same port:
     * a broker restart as clients see it.
     */
    public static synchronized void restartKafkaBroker(java.time.Duration downtime) throws InterruptedException {
        var brokers = kafka.getCluster().brokers().values();
        brokers.forEach(b -> {
            b.shutdown();
            b.awaitShutdown();
        });
        Thread.sleep(downtime.toMillis());
        brokers.forEach(b -> b.startup());
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized String kafkaBootstrapServers(int port) {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 4);
            if (port > 0) {
                kafka.kafkaPorts(port);
            }
            kafka.brokerProperties(Map.of(
                    "group.coordinator.append.linger.ms", "0",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "true",
                    "offsets.topic.replication.factor", "1",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1"));
            kafka.afterPropertiesSet();
            ensureShutdownHook();
        }
        return kafka.getBrokersAsString();
    }

    public static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(url, props);
    }

    private static boolean answers(String url) {
        try (Connection ignored = connect(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
