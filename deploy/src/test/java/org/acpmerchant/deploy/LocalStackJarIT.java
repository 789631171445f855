package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.testing.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it: the packaged jar ({@code java -jar deploy/target/acp-local-stack-exec.jar},
 * built by this module's {@code package} phase) started in a process of its own on free ports, then one checkout
 * created through the gateway. The tests start the services from the test class path; only this one proves the jar
 * carries everything they need at run time (a dependency left in test scope once made it fail at start).
 */
@OwnStack
class LocalStackJarIT {

    private static final Path JAR = Path.of("target", "acp-local-stack-exec.jar");

    /** The packaged stack started in a process of its own, its output in {@code log}. */
    record Started(Process stack, Path log, int gateway) {}

    static Started startJar() throws IOException {
        assertThat(JAR).as("the packaged local stack").exists();
        Path data = Files.createTempDirectory("acp-local-stack-jar");
        int gateway = FreePorts.next();
        Map<String, String> ports = Map.of("CHECKOUT_PORT", String.valueOf(gateway),
                "PRICING_PORT", String.valueOf(FreePorts.next()), "PAYMENT_PORT", String.valueOf(FreePorts.next()),
                "ORDER_PORT", String.valueOf(FreePorts.next()), "ACP_LOCAL_PG_PORT", String.valueOf(FreePorts.next()),
                "ACP_LOCAL_TRACE_PORT", String.valueOf(FreePorts.next()),
                "ACP_LOCAL_STRIPE_PORT", String.valueOf(FreePorts.next()), "ACP_LOCAL_WEBHOOK_PORT", String.valueOf(FreePorts.next()));
        Path log = data.resolve("stack.log");
        // This test JVM's -XX flags (the JIT and GC of ADR 0038): they change how fast the jar starts on two busy
        // cores, not what it holds.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-XX:"))
                .forEach(command::add);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(ports);
        builder.environment().put("ACP_LOCAL_DATA_DIR", data.resolve("data").toString());
        return new Started(builder.start(), log, gateway);
    }

    @Test
    void thePackagedStack_startsOnEmbeddedDefaults_andSellsACheckout() throws Exception {
        Started started = startJar();
        Process stack = started.stack();
        Path log = started.log();
        int gateway = started.gateway();
        int linesBeforeStop;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> created = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && stack.isAlive()) {
                try {
                    created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway
                                    + "/checkout_sessions"))
                            .header("Authorization", "Bearer " + LocalStack.DEFAULT_AGENT_TOKEN)
                            .header("API-Version", "2026-04-17")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"currency\":\"usd\",\"capabilities\":{},"
                                    + "\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":2}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (created.statusCode() == 201) {
                        break;
                    }
                } catch (IOException notYetListening) {
                    // the gateway is not up yet
                }
                Thread.sleep(500); // polling a process that is starting: there is no other signal to wait on
            }
            assertThat(stack.isAlive()).as(() -> "the stack is running; the last lines of " + log + ":\n" + tail(log)).isTrue();
            assertThat(created).as(() -> "an answer from the gateway; the last lines of " + log + ":\n" + tail(log)).isNotNull();
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"id\":\"cs_").contains("\"currency\":\"usd\"");
            Map<String, String> expected = Map.of("num.io.threads", "2", "num.network.threads", "1",
                    "group.coordinator.threads", "1", "metadata.max.idle.interval.ms", "5000");
            Map<String, String> settings = brokerSettings(brokerAddress(log));
            settings.keySet().retainAll(expected.keySet());
            assertThat(settings).as("the in-process broker's settings (ADR 0048, ADR 0050)").isEqualTo(expected);
        } finally {
            linesBeforeStop = Files.exists(log) ? Files.readAllLines(log).size() : 0;
            stack.destroy();
            if (!stack.waitFor(60, TimeUnit.SECONDS)) {
                stack.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // Stopped (SIGTERM, as Ctrl-C) without an error: the in-process broker's directories used to be deleted under
        // it as the JVM stopped, and the services' last offset commits failed (ADR 0043).
        assertThat(errorsAfter(log, linesBeforeStop)).as("error lines in %s after the stop signal", log).isEmpty();
    }

    /** The running broker's own view of the settings ADR 0048 and ADR 0050 give it (Kafka ignores a misspelt one). */
    private static Map<String, String> brokerSettings(String address) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address))) {
            String node = String.valueOf(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            Map<String, String> settings = new HashMap<>();
            admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker).entries()
                    .forEach(entry -> settings.put(entry.name(), entry.value()));
            return settings;
        }
    }

    /** Where the stack says its broker listens (a free port, printed at start). */
    private static String brokerAddress(Path log) throws IOException {
        String prefix = "[local-stack] Kafka broker at ";
        return Files.readAllLines(log).stream().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length()).trim())
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + log + ":\n" + tail(log)));
    }

    /** The log's ERROR lines after its first {@code linesBefore} lines (those written before the stop signal). */
    static List<String> errorsAfter(Path log, int linesBefore) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.min(linesBefore, lines.size()), lines.size()).stream()
                .filter(line -> line.contains(" ERROR ")).toList();
    }

    /** The stack's last lines, for a failure message that says why it stopped without a second look. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(its output could not be read: " + e + ")";
        }
    }
}
