package org.acpmerchant.platform.testing;

import com.zaxxer.hikari.HikariDataSource;
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
import org.apache.kafka.common.utils.Exit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real infrastructure for tests and the local stack, one per JVM: a PostgreSQL server and a KRaft Kafka broker.
 *
 * <p>Which ones, for the tests and the production-shaped run: {@code ACP_TEST_POSTGRES} = {@code auto} (the default),
 * {@code testcontainers}, {@code machine} or {@code embedded}; {@code ACP_TEST_KAFKA} = {@code auto},
 * {@code testcontainers} or {@code embedded}. {@code auto} takes Testcontainers' PostgreSQL and Kafka, at the prod
 * overlay's versions, where a Docker engine answers; where none does, the machine's PostgreSQL on 127.0.0.1:5432 when
 * it answers, else an embedded PostgreSQL 17 from Maven Central binaries, and an in-process broker. What was chosen,
 * and why, is printed on the test output. The local stack always runs on the embedded ones.
 */
public final class LocalInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    /**
     * Testcontainers' PostgreSQL: the version of {@code deploy/k8s/platform/postgres.yaml} (CloudNativePG's image of
     * it); {@code KubernetesManifestsTest} checks that the two agree.
     */
    public static final String POSTGRES_IMAGE = "postgres:17.5";
    /** Testcontainers' Kafka: Strimzi's {@code spec.kafka.version} in {@code deploy/k8s/platform/kafka.yaml}. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    private static String postgresBaseUrl;
    private static EmbeddedPostgres embeddedPostgres;
    private static EmbeddedKafkaKraftBroker kafka;
    private static org.testcontainers.postgresql.PostgreSQLContainer postgresContainer;
    private static org.testcontainers.kafka.KafkaContainer kafkaContainer;
    private static String kafkaServers;
    private static Boolean dockerAnswers;
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

    /**
     * Shutdown hooks the in-process broker's test kit registers through Kafka's {@code Exit} (deleting its log
     * directories), held back to run after the broker has stopped. As JVM hooks they ran beside this class's own, so
     * on Ctrl-C the broker's directories vanished under the running broker: "all log dirs have failed", and the
     * services' last offset commits failed as they stopped.
     */
    private static final List<Runnable> KAFKA_SHUTDOWN_HOOKS = new CopyOnWriteArrayList<>();

    private static void runKafkaShutdownHooks() {
        for (Runnable hook : KAFKA_SHUTDOWN_HOOKS) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.warn("A Kafka shutdown hook failed: {}", e.toString());
            }
        }
        KAFKA_SHUTDOWN_HOOKS.clear();
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
        runKafkaShutdownHooks();
        // Testcontainers' containers are removed by its own reaper when the JVM ends
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

    /**
     * A new database with {@code schema} migrated from {@code locations} as the services migrate theirs (Flyway's lock
     * not held in a transaction, which a {@code CREATE INDEX CONCURRENTLY} would wait for forever), and a pool of
     * {@code poolSize} connections (user {@code postgres}) on that schema. The caller closes it.
     */
    public static HikariDataSource migratedDatabase(String prefix, String schema, int poolSize, String... locations) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(newDatabase(prefix) + "?currentSchema=" + schema);
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(poolSize);
        Flyway.configure().dataSource(dataSource).schemas(schema).locations(locations)
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
        return dataSource;
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
        String wanted = setting("ACP_TEST_POSTGRES", "auto", "testcontainers", "machine", "embedded");
        String machine = "jdbc:postgresql://127.0.0.1:5432/";
        if (wanted.equals("testcontainers") || (wanted.equals("auto") && dockerAnswers())) {
            requireDocker("ACP_TEST_POSTGRES");
            postgresContainer = ContainerInfrastructure.startPostgres();
            postgresBaseUrl = "jdbc:postgresql://" + postgresContainer.getHost() + ":"
                    + postgresContainer.getFirstMappedPort() + "/";
            announce("PostgreSQL: Testcontainers' " + ContainerInfrastructure.POSTGRES_IMAGE + " at "
                    + postgresBaseUrl + " (ACP_TEST_POSTGRES=" + wanted + ")");
        } else if (!wanted.equals("embedded") && answers(machine + "postgres")) {
            postgresBaseUrl = machine;
            announce("PostgreSQL: the machine's server on 127.0.0.1:5432 (ACP_TEST_POSTGRES=" + wanted
                    + (wanted.equals("auto") ? "; no Docker engine answers" : "") + ")");
        } else if (wanted.equals("machine")) {
            throw new IllegalStateException("ACP_TEST_POSTGRES=machine, but no PostgreSQL answers on 127.0.0.1:5432");
        } else {
            try {
                embeddedPostgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                ensureShutdownHook();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgresBaseUrl = "jdbc:postgresql://127.0.0.1:" + embeddedPostgres.getPort() + "/";
            announce("PostgreSQL: an embedded PostgreSQL 17 on port " + embeddedPostgres.getPort()
                    + " (ACP_TEST_POSTGRES=" + wanted + (wanted.equals("auto")
                            ? "; no Docker engine answers and nothing on 127.0.0.1:5432" : "") + ")");
        }
        return postgresBaseUrl;
    }

    /** Whether a Docker engine answers Testcontainers (asked once per JVM). */
    public static synchronized boolean dockerAnswers() {
        if (dockerAnswers == null) {
            boolean onClasspath;
            try {
                Class.forName("org.testcontainers.DockerClientFactory", false, LocalInfrastructure.class.getClassLoader());
                onClasspath = true;
            } catch (ClassNotFoundException e) {
                onClasspath = false;
            }
            dockerAnswers = onClasspath && ContainerInfrastructure.dockerAnswers();
        }
        return dockerAnswers;
    }

    private static void requireDocker(String variable) {
        if (!dockerAnswers()) {
            throw new IllegalStateException(variable + "=testcontainers, but no Docker engine answers Testcontainers"
                    + " (set DOCKER_HOST, or leave " + variable + " unset to use the local servers)");
        }
    }

    static String setting(String variable, String fallback, String... allowed) {
        return setting(System::getenv, variable, fallback, allowed);
    }

    static String setting(java.util.function.UnaryOperator<String> env, String variable, String fallback,
            String... allowed) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equals(value.trim())) {
                return a;
            }
        }
        throw new IllegalStateException(variable + "=" + value + " is not one of " + String.join(", ", allowed));
    }

    private static void announce(String line) {
        log.info(line);
        System.out.println("[test infrastructure] " + line);
    }

    /**
     * The shared broker. Testcontainers' gets a fixed free port, so that {@link #restartKafkaBroker} brings it back where
     * it was; the in-process one keeps its own port across a restart.
     */
    public static synchronized String kafkaBootstrapServers() {
        return kafkaBootstrapServers(kafkaServers == null ? FreePorts.next() : 0);
    }

    /**
     * The shared broker (Testcontainers' or in-process, as {@code ACP_TEST_KAFKA} and the engine decide), started on
     * first use: Testcontainers' on {@code port}, the in-process one on a free port it picks ({@link #inProcessKafka}).
     */
    public static synchronized String kafkaBootstrapServers(int port) {
        if (kafkaServers == null) {
            String wanted = setting("ACP_TEST_KAFKA", "auto", "testcontainers", "embedded");
            if (wanted.equals("testcontainers") || (wanted.equals("auto") && dockerAnswers())) {
                requireDocker("ACP_TEST_KAFKA");
                kafkaContainer = ContainerInfrastructure.startKafka(port);
                kafkaServers = kafkaContainer.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
                announce("Kafka: Testcontainers' " + ContainerInfrastructure.KAFKA_IMAGE + " at " + kafkaServers
                        + " (ACP_TEST_KAFKA=" + wanted + ")");
            } else {
                kafkaServers = inProcessKafka();
                announce("Kafka: an in-process KRaft broker at " + kafkaServers + " (ACP_TEST_KAFKA=" + wanted
                        + (wanted.equals("auto") ? "; no Docker engine answers" : "") + ")");
            }
        }
        return kafkaServers;
    }

    /**
     * Stops the shared broker (its log stays), waits {@code downtime}, and starts it again on the same port: a broker
     * restart as clients see it.
     */
    public static synchronized void restartKafkaBroker(java.time.Duration downtime) throws InterruptedException {
        if (kafkaContainer != null) {
            ContainerInfrastructure.restart(kafkaContainer, downtime);
            return;
        }
        var brokers = kafka.getCluster().brokers().values();
        brokers.forEach(b -> {
            b.shutdown();
            b.awaitShutdown();
        });
        Thread.sleep(downtime.toMillis());
        brokers.forEach(b -> b.startup());
    }

    /**
     * The local stack's broker: always in this JVM, on a free port. Kafka's KRaft test kit binds its listener before
     * it reads any setting, so {@code EmbeddedKafkaKraftBroker.kafkaPorts} has no effect; a restart keeps the port.
     */
    public static synchronized String inProcessKafka() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 4);
            // A new group's first assignment waits 300 ms for more members (Kafka's default is 3 s): a listener's
            // consumers join together in one rebalance instead of one each (the local stack's consumers held their
            // partitions after 3.5 s with 0 ms, after 0.6 s with 300 ms; ADR 0037).
            // The single KRaft controller writes a no-op record to its metadata log every 5 s, not every 0.5 s: each
            // one is a log append and a metadata update on the broker, about a fifth of the broker's work at rest
            // (ADR 0048). It only keeps an idle log's high watermark moving; nothing here waits on it.
            // Threads for two cores, not Kafka's server defaults (8 request handlers, 3 network threads per listener,
            // 4 group-coordinator threads): each idle one wakes every 300 ms, and under load they compete with the
            // services for the same cores (ADR 0050).
            kafka.brokerProperties(Map.ofEntries(
                    Map.entry("num.io.threads", "2"),
                    Map.entry("num.network.threads", "1"),
                    Map.entry("group.coordinator.threads", "1"),
                    Map.entry("metadata.max.idle.interval.ms", "5000"),
                    Map.entry("group.coordinator.append.linger.ms", "0"),
                    Map.entry("group.initial.rebalance.delay.ms", "300"),
                    Map.entry("auto.create.topics.enable", "true"),
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1")));
            ensureShutdownHook();
            Exit.setShutdownHookAdder((name, hook) -> KAFKA_SHUTDOWN_HOOKS.add(hook));
            try {
                kafka.afterPropertiesSet();
            } finally {
                Exit.resetShutdownHookAdder();
            }
            kafkaServers = kafka.getBrokersAsString();
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
