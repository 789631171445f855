package org.acpmerchant.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.acpmerchant.stripestandin.StripeStandIn;

/**
 * The system as it runs in production, on one machine: the four service jars as separate processes, two replicas
 * each, each with its own configuration and the {@code prod} profile, against a PostgreSQL chosen as the tests' is
 * (Testcontainers' where a Docker engine answers, else the machine's on 127.0.0.1:5432, else an embedded one; one
 * database, a role and schema per service, as in production) and a Kafka broker in a process of its own (which also hosts the
 * Stripe stand-in and the agent's webhook receiver). Not the local stack: that one is a single JVM for development.
 *
 * <pre>java -cp deploy/target/acp-local-stack-exec.jar -Dloader.main=org.acpmerchant.deploy.ProductionShapedRun \
 *   org.springframework.boot.loader.launch.PropertiesLauncher</pre>
 *
 * Replica {@code r} (1-based) of a service listens on {@code base port + 100 r} (checkout-api 8180 and 8280, pricing
 * 8181 and 8281, payment 8182 and 8282, orders 8183 and 8283), its actuator on that port + 1000. Logs, one file per
 * process, in {@code target/prod-shaped/}. Ctrl-C stops everything.
 */
public final class ProductionShapedRun implements AutoCloseable {

    static final List<String> SERVICES = List.of("pricing-service", "payment-service", "order-service",
            "checkout-api");
    static final Map<String, String> SCHEMAS = Map.of("checkout-api", "checkout", "pricing-service", "pricing",
            "payment-service", "payment", "order-service", "orders");
    static final Map<String, String> PREFIX = Map.of("checkout-api", "CHECKOUT", "pricing-service", "PRICING",
            "payment-service", "PAYMENT", "order-service", "ORDER");
    static final Map<String, Integer> BASE_PORT = Map.of("checkout-api", 8080, "pricing-service", 8081,
            "payment-service", 8082, "order-service", 8083);
    static final String OPS_TOKEN = "ops_shaped_token";
    static final int KAFKA_PORT = 19192;  // asked for; the broker may take another (the run reads which)
    static final int STRIPE_PORT = 12211;
    static final int RECEIVER_PORT = 8190;

    final Path root;
    final Path logs;
    final String database;
    final int replicas;
    final Map<String, Process> processes = new LinkedHashMap<>();
    Process infrastructure;

    ProductionShapedRun(Path root, String database, int replicas) {
        this.root = root;
        this.logs = root.resolve("deploy/target/prod-shaped");
        this.database = database;
        this.replicas = replicas;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("infrastructure")) {
            infrastructure();
            return;
        }
        ProductionShapedRun run = new ProductionShapedRun(Path.of("").toAbsolutePath(),
                System.getenv().getOrDefault("ACP_SHAPED_DATABASE", "acp_shaped"), 2);
        Runtime.getRuntime().addShutdownHook(new Thread(run::close));
        run.start();
        System.out.println("=== production-shaped run ready: gateways " + run.url("checkout-api", 1) + " and "
                + run.url("checkout-api", 2) + " (token " + LocalStack.DEFAULT_AGENT_TOKEN + "); logs in " + run.logs
                + "; database " + LocalInfrastructure.postgresBaseUrl() + run.database + "; Ctrl-C stops it ===");
        Thread.currentThread().join();
    }

    /**
     * The broker, the Stripe stand-in and the agent's webhook receiver, in this process until it is killed. Touching
     * {@code restart-broker} in the working directory stops the broker and starts it again 10 s later, its log kept
     * (the test kit's broker keeps its log in a temporary directory, so a new process would start empty).
     */
    static void infrastructure() throws Exception {
        String kafka = LocalInfrastructure.kafkaBootstrapServers(KAFKA_PORT);
        new StripeStandIn().start(STRIPE_PORT);
        new WebhookReceiver(LocalStack.DEFAULT_WEBHOOK_SECRET, System.out).start(RECEIVER_PORT);
        System.out.println("infrastructure ready: kafka " + kafka);
        Path trigger = Path.of("restart-broker");
        while (true) {
            Thread.sleep(500);
            if (Files.deleteIfExists(trigger)) {
                System.out.println("[infrastructure] broker stopping");
                LocalInfrastructure.restartKafkaBroker(Duration.ofSeconds(10));
                System.out.println("[infrastructure] broker back");
            }
        }
    }

    void start() throws Exception {
        Files.createDirectories(logs);
        prepareDatabase();
        Path feed = demoCatalog();
        startInfrastructure();
        for (String service : SERVICES) {
            for (int r = 1; r <= replicas; r++) {
                startService(service, r, feed);
            }
        }
        for (String service : SERVICES) {
            for (int r = 1; r <= replicas; r++) {
                awaitReady(service, r, Duration.ofMinutes(4));
            }
        }
        Thread watchdog = new Thread(() -> restartTheDead(feed), "restarts");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private volatile boolean closing;

    /** As Kubernetes would: a service process that died (killed, crashed) is started again a second later. */
    private void restartTheDead(Path feed) {
        while (!closing) {
            try {
                Thread.sleep(1000);
                for (Map.Entry<String, Process> entry : List.copyOf(processes.entrySet())) {
                    if (!entry.getValue().isAlive() && !closing) {
                        String name = entry.getKey();
                        int r = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
                        System.out.println("[prod-shaped] " + name + " exited (" + entry.getValue().exitValue()
                                + "); starting it again");
                        startService(name.substring(0, name.lastIndexOf('-')), r, feed);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.out.println("[prod-shaped] restart failed: " + e);
            }
        }
    }

    String url(String service, int replica) {
        return "http://127.0.0.1:" + port(service, replica);
    }

    static int port(String service, int replica) {
        return BASE_PORT.get(service) + 100 * replica;
    }

    /** One database; a role and a schema per service, the role owning only its schema. */
    void prepareDatabase() throws Exception {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
            for (String role : SCHEMAS.values()) {
                s.execute("do $$ begin if not exists (select from pg_roles where rolname = 'shaped_" + role
                        + "') then create role shaped_" + role + " login password 'shaped_" + role
                        + "'; end if; end $$");
            }
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("revoke create on schema public from public");
            for (String role : SCHEMAS.values()) {
                s.execute("create schema " + role + " authorization shaped_" + role);
            }
        }
    }

    private static Connection connect(String db) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection(LocalInfrastructure.postgresBaseUrl() + db, props);
    }

    /** pricing-service in prod reads its catalog from a directory: the demo catalog's files. */
    Path demoCatalog() throws IOException {
        Path dir = Files.createDirectories(logs.resolve("catalog"));
        for (String file : List.of("metadata.json", "products.jsonl", "inventory.json")) {
            try (InputStream in = ProductionShapedRun.class.getResourceAsStream("/catalog/demo/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    void startInfrastructure() throws Exception {
        Path log = logs.resolve("infrastructure.log");
        infrastructure = new ProcessBuilder(javaCommand(List.of("-cp", stackJar().toString(),
                "-Dloader.main=" + ProductionShapedRun.class.getName(),
                "org.springframework.boot.loader.launch.PropertiesLauncher", "infrastructure")))
                .directory(logs.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Files.readString(log).contains("infrastructure ready")) {
            if (!infrastructure.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the infrastructure process did not start; see " + log);
            }
            Thread.sleep(200);
        }
        // the test kit's broker picks its own port: the line says which
        kafkaBootstrapServers = Files.readString(log).lines().filter(l -> l.startsWith("infrastructure ready: kafka "))
                .findFirst().orElseThrow().substring("infrastructure ready: kafka ".length()).trim();
    }

    private String kafkaBootstrapServers;

    /** Starts (or restarts) replica {@code r} of a service. */
    Process startService(String service, int r, Path feed) throws IOException {
        Map<String, String> env = environment(service, r, feed);
        ProcessBuilder builder = new ProcessBuilder(javaCommand(List.of("-Xmx320m", "-XX:TieredStopAtLevel=1",
                "-Daxoniq.update-checker.disabled=true", "-jar", serviceJar(service).toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + "-" + r + ".log").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.put(service + "-" + r, process);
        return process;
    }

    Map<String, String> environment(String service, int r, Path feed) {
        String prefix = PREFIX.get(service);
        String schema = SCHEMAS.get(service);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("ACP_LOG_FORMAT", "");
        env.put("ACP_INSTANCE_ID", service + "-" + r);
        env.put(prefix + "_PORT", String.valueOf(port(service, r)));
        env.put("MANAGEMENT_PORT", String.valueOf(port(service, r) + 1000));
        env.put(prefix + "_DB_URL", LocalInfrastructure.postgresBaseUrl() + database + "?currentSchema=" + schema);
        env.put(prefix + "_DB_USER", "shaped_" + schema);
        env.put(prefix + "_DB_PASSWORD", "shaped_" + schema);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("OPS_TOKEN_SHA256", AgentAuthenticator.sha256Hex(OPS_TOKEN));
        env.put("ACP_TRACE_SAMPLING", "0.0");
        switch (service) {
            case "checkout-api" -> {
                env.put("ACP_AGENT_ID", "local-agent");
                env.put("ACP_AGENT_TOKEN_SHA256", AgentAuthenticator.sha256Hex(LocalStack.DEFAULT_AGENT_TOKEN));
                env.put("ACP_PUBLIC_BASE_URL", url("checkout-api", r));
                env.put("STRIPE_ACCOUNT_ID", "acct_shaped_merchant");
                env.put("ACP_TERMS_URL", "https://merchant.example/legal/terms");
                env.put("ACP_PRIVACY_URL", "https://merchant.example/legal/privacy");
            }
            case "pricing-service" -> {
                env.put("PRICING_CATALOG_FEED_DIR", feed.toString());
                env.put("PRICING_MERCHANT_API_TOKENS", LocalStack.MERCHANT_API_TOKEN);
            }
            case "payment-service" -> {
                env.put("STRIPE_API_KEY", LocalStack.STRIPE_KEY);
                env.put("STRIPE_WEBHOOK_SECRET", LocalStack.STRIPE_WEBHOOK_SECRET);
                env.put("STRIPE_API_VERSION", StripeStandIn.WEBHOOK_API_VERSION);
                env.put("STRIPE_API_BASE", "http://127.0.0.1:" + STRIPE_PORT);
            }
            case "order-service" -> {
                env.put("ORDER_PERMALINK_BASE_URL", "https://merchant.example/orders/");
                env.put("AGENT_WEBHOOK_URL", "http://127.0.0.1:" + RECEIVER_PORT + WebhookReceiver.PATH);
                env.put("AGENT_WEBHOOK_SECRET", LocalStack.DEFAULT_WEBHOOK_SECRET);
                env.put("AGENT_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true");
                env.put("ORDER_MERCHANT_API_TOKENS", LocalStack.MERCHANT_API_TOKEN);
            }
            default -> throw new IllegalArgumentException(service);
        }
        return env;
    }

    void awaitReady(String service, int r, Duration max) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://127.0.0.1:" + (port(service, r) + 1000) + "/actuator/health/readiness");
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Process process = processes.get(service + "-" + r);
            if (!process.isAlive()) {
                throw new IllegalStateException(service + "-" + r + " exited with " + process.exitValue() + "; see "
                        + logs.resolve(service + "-" + r + ".log"));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + "-" + r + " not ready after " + max);
            }
            Thread.sleep(500);
        }
    }

    Path serviceJar(String service) throws IOException {
        try (var files = Files.list(root.resolve(service).resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar of " + service
                            + " (./mvnw -B -q -DskipTests install)"));
        }
    }

    Path stackJar() {
        return root.resolve("deploy/target/acp-local-stack-exec.jar");
    }

    private static List<String> javaCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        return command;
    }

    @Override
    public void close() {
        closing = true;
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            processes.get(name).destroy();
        }
        for (String name : names) {
            try {
                if (!processes.get(name).waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    processes.get(name).destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (infrastructure != null) {
            infrastructure.destroyForcibly();
        }
    }
}
