package org.acpmerchant.platform.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' PostgreSQL and Kafka, used by {@link LocalInfrastructure} where a Docker engine answers. Kept apart so
 * that nothing loads Testcontainers' classes where no engine is asked for.
 */
final class ContainerInfrastructure {

    static final String POSTGRES_IMAGE = LocalInfrastructure.POSTGRES_IMAGE;
    static final String KAFKA_IMAGE = LocalInfrastructure.KAFKA_IMAGE;

    private static final int KAFKA_CONTAINER_PORT = 9092;

    private ContainerInfrastructure() {}

    static boolean dockerAnswers() {
        if (!anEngineIsConfigured()) {
            return false; // asking Testcontainers would only log its search for one as an error
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A Docker host named, a socket where engines put one, or Testcontainers' own configuration. */
    private static boolean anEngineIsConfigured() {
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".docker", "run", "docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".testcontainers.properties"))
                || (runtime != null && java.nio.file.Files.exists(java.nio.file.Path.of(runtime, "docker.sock")));
    }

    /** A started PostgreSQL trusting user {@code postgres} without a password, as the machine's server does. */
    static PostgreSQLContainer startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
                .withUsername("postgres")
                .withPassword("postgres")
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "max_connections=400", "-c", "fsync=off");
        postgres.start();
        return postgres;
    }

    /**
     * A started KRaft broker. Bound to {@code hostPort} when it is above 0, so that a restart ({@link #restart})
     * brings it back where clients and its advertised listener expect it.
     */
    static KafkaContainer startKafka(int hostPort) {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "300");
        if (hostPort > 0) {
            kafka.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(KAFKA_CONTAINER_PORT))));
        }
        kafka.start();
        return kafka;
    }

    /** Stops the broker's container (its log stays in the container), waits, and starts the same container again. */
    static void restart(KafkaContainer kafka, Duration downtime) throws InterruptedException {
        var docker = DockerClientFactory.lazyClient();
        docker.stopContainerCmd(kafka.getContainerId()).exec();
        Thread.sleep(downtime.toMillis());
        docker.startContainerCmd(kafka.getContainerId()).exec();
    }
}
