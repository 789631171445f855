package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.acpmerchant.checkout.CheckoutApiApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.orders.OrderServiceApplication;
import org.acpmerchant.payment.PaymentServiceApplication;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.acpmerchant.pricing.PricingServiceApplication;
import org.acpmerchant.stripestandin.StripeStandIn;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The whole system on one machine with nothing but a JDK: an embedded PostgreSQL (a real server), an in-process
 * Kafka broker, the Stripe stand-in, the four services (each its own Spring application context with its own
 * schema, sharing no beans), and a webhook receiver that verifies every order event's signature.
 */
public final class LocalStack implements AutoCloseable {

    public static final String DEFAULT_AGENT_TOKEN = "acp_local_test_token";
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_local_agent_secret";
    public static final String STRIPE_KEY = "sk_test_local_stand_in";
    public static final String STRIPE_WEBHOOK_SECRET = "whsec_local_stripe";
    public static final String MERCHANT_API_TOKEN = "merchant_local_token";
    /** The local stack's ops credentials: an operator (reads and acts) and an auditor (reads only). */
    public static final String OPS_OPERATOR_TOKEN = "ops_local_operator_token";
    public static final String OPS_AUDITOR_TOKEN = "ops_local_auditor_token";

    /** Where the stack runs; port 0 means any free port. */
    public record Options(
            String postgresBaseUrl,
            String kafkaBootstrapServers,
            int gatewayPort,
            int pricingPort,
            int paymentPort,
            int orderPort,
            int stripePort,
            int receiverPort,
            String agentToken,
            String webhookSecret,
            Map<String, String> extraProperties) {

        public static Options forTests(String postgresBaseUrl, String kafkaBootstrapServers) {
            return new Options(postgresBaseUrl, kafkaBootstrapServers, 0, 0, 0, 0, 0, 0, DEFAULT_AGENT_TOKEN,
                    DEFAULT_WEBHOOK_SECRET, Map.of());
        }
    }

    private final Options options;
    private final PrintStream out;
    private final StripeStandIn stripe;
    private final WebhookReceiver receiver;
    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Map<String, Supplier<SpringApplicationBuilder>> builders = new LinkedHashMap<>();
    private final Map<String, List<String>> arguments = new LinkedHashMap<>();
    private final String database;
    private boolean closed;

    private LocalStack(Options options, PrintStream out, String database) throws IOException {
        this.options = options;
        this.out = out;
        this.database = database;
        this.stripe = new StripeStandIn().start(options.stripePort());
        this.receiver = new WebhookReceiver(options.webhookSecret(), out).start(options.receiverPort());
    }

    /** Starts everything against {@code options}; {@code database} is created when missing. */
    public static LocalStack start(Options options, String database, PrintStream out) throws Exception {
        return start(options, database, out, created -> { });
    }

    /**
     * The four services share one logback context in this JVM, and each one's logback metrics hooked a turbo filter
     * into it, through which every logger's level check then ran: four filters, each counting every service's lines
     * (ADR 0064). Only the gateway keeps its own here; a service deployed alone has one. The value replaces the
     * platform default's, so it repeats the exemplars' exclusion.
     */
    static final String WITHOUT_LOGBACK_METRICS = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus."
            + "PrometheusExemplarsAutoConfiguration,"
            + "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback."
            + "LogbackMetricsAutoConfiguration";

    /**
     * As {@link #start(Options, String, PrintStream)}, handing the stack to {@code created} before its first service
     * starts: a stop signal during the start (the main method's shutdown hook) then stops what has started, in order,
     * before the broker and the database.
     */
    static LocalStack start(Options options, String database, PrintStream out, Consumer<LocalStack> created)
            throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        createDatabase(options.postgresBaseUrl(), database);
        startGroupsAtTopicEnds(options.kafkaBootstrapServers(), database);
        LocalStack stack = new LocalStack(options, out, database);
        created.accept(stack);
        try {
            stack.startService("pricing-service", PricingServiceApplication::builder, "pricing", options.pricingPort(),
                    List.of("--acp.pricing.merchant-api-tokens=" + MERCHANT_API_TOKEN, WITHOUT_LOGBACK_METRICS));
            stack.startService("payment-service", PaymentServiceApplication::builder, "payment", options.paymentPort(),
                    List.of("--acp.payment.stripe.api-base=" + stack.stripe.baseUrl(),
                            "--acp.payment.stripe.api-key=" + STRIPE_KEY,
                            "--acp.payment.stripe.webhook-secret=" + STRIPE_WEBHOOK_SECRET, WITHOUT_LOGBACK_METRICS));
            stack.startService("order-service", OrderServiceApplication::builder, "orders", options.orderPort(),
                    List.of("--acp.orders.webhooks.endpoints[0].name=local-agent",
                            "--acp.orders.webhooks.endpoints[0].url=" + stack.receiver.url(),
                            "--acp.orders.webhooks.endpoints[0].secret=" + options.webhookSecret(),
                            "--acp.orders.webhooks.endpoints[0].api-version=2026-04-17",
                            "--acp.orders.webhooks.allow-private-targets=true",
                            "--acp.orders.merchant-api-tokens=" + MERCHANT_API_TOKEN, WITHOUT_LOGBACK_METRICS));
            stack.startService("checkout-api", CheckoutApiApplication::builder, "checkout", options.gatewayPort(),
                    List.of("--acp.checkout.agents[0].id=local-agent",
                            "--acp.checkout.agents[0].token-sha256[0]=" + AgentAuthenticator.sha256Hex(options.agentToken())));
            stack.awaitConsumersAssigned(Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startService(String name, Supplier<SpringApplicationBuilder> builder, String schema, int port,
            List<String> extra) {
        long started = System.nanoTime();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + options.postgresBaseUrl() + database + "?currentSchema=" + schema,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + options.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=" + groupId(name, database),
                "--spring.main.banner-mode=off",
                // Connections on demand (up to the pool's 10), not 10 held idle per service: two stacks on one
                // PostgreSQL (the end-to-end tests' two JVMs, ADR 0037) then stay far below its 100 connections.
                "--spring.datasource.hikari.minimum-idle=2",
                // The embedded broker's test kit deletes its log directory in a shutdown hook of its own, which the
                // JVM runs alongside ours: a consumer that then waits for its group coordinator must not hold the
                // stop for Spring's default 30 s per phase.
                "--spring.lifecycle.timeout-per-shutdown-phase=5s"));
        args.addAll(extra);
        options.extraProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        builders.put(name, builder);
        arguments.put(name, args);
        // Spring's own shutdown hook would close the four services at once, alongside ours; close() stops them in order.
        // A close() meanwhile (a stop signal during the start) waits for this start, then stops it with the rest.
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the stack was stopped while it started");
            }
            services.put(name, builder.get().registerShutdownHook(false).run(args.toArray(String[]::new)));
        }
        out.printf("[local-stack] %s up on port %d in %d ms%n", name, port(name),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * Ready means every Kafka consumer of every service holds its partitions: a listener runs one consumer per
     * partition, and the group rebalances as they join one by one; a checkout sent during those rebalances waits for
     * them. Bounded by {@code max}, after which the stack is declared ready anyway (and says so).
     */
    void awaitConsumersAssigned(Duration max) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + max.toNanos();
        List<MessageListenerContainer> consumers = new ArrayList<>();
        for (ConfigurableApplicationContext ctx : services.values()) {
            ctx.getBeanProvider(KafkaListenerEndpointRegistry.class)
                    .ifAvailable(registry -> consumers.addAll(registry.getListenerContainers()));
            consumers.addAll(ctx.getBeansOfType(MessageListenerContainer.class).values());
        }
        for (MessageListenerContainer container : consumers) {
            List<MessageListenerContainer> children = container instanceof ConcurrentMessageListenerContainer<?, ?> c
                    ? new ArrayList<>(c.getContainers()) : List.of(container);
            for (MessageListenerContainer child : children) {
                while (child.isRunning() && (child.getAssignedPartitions() == null
                        || child.getAssignedPartitions().isEmpty())) {
                    if (System.nanoTime() > deadline) {
                        out.println("[local-stack] consumer " + child.getListenerId()
                                + " has no partitions yet; going on");
                        return;
                    }
                    Thread.sleep(50);
                }
            }
        }
        out.printf("[local-stack] every consumer holds its partitions after %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    public int port(String service) {
        return Integer.parseInt(services.get(service).getEnvironment().getProperty("local.server.port", "0"));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + port("checkout-api");
    }

    public ConfigurableApplicationContext context(String service) {
        return services.get(service);
    }

    public StripeStandIn stripe() {
        return stripe;
    }

    public WebhookReceiver receiver() {
        return receiver;
    }

    /** Stops one service, as a crash or a redeploy would; {@link #restart} brings it back on the same port. */
    public void stop(String service) {
        ConfigurableApplicationContext ctx = services.get(service);
        if (ctx != null && ctx.isActive()) {
            int port = port(service);
            long stopping = System.nanoTime();
            ctx.close();
            out.printf("[local-stack] %s stopped in %d ms%n", service,
                    Duration.ofNanos(System.nanoTime() - stopping).toMillis());
            List<String> args = new ArrayList<>(arguments.get(service));
            args.replaceAll(a -> a.startsWith("--server.port=") ? "--server.port=" + port : a);
            arguments.put(service, args);
        }
    }

    /** Starts a stopped service again with the same configuration and port. */
    public void restart(String service) {
        stop(service);
        long started = System.nanoTime();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the stack is stopped");
            }
            services.put(service, builders.get(service).get().registerShutdownHook(false)
                    .run(arguments.get(service).toArray(String[]::new)));
        }
        out.printf("[local-stack] %s restarted in %d ms%n", service,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * Stops the four services at once (each closes its own listeners, processors and web server; none waits for
     * another), then the stand-ins.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Thread> stopping = new ArrayList<>();
        services.forEach((name, ctx) -> {
            Thread thread = new Thread(() -> {
                try {
                    if (ctx.isActive()) {
                        ctx.close();
                    }
                } catch (RuntimeException e) {
                    out.println("[local-stack] " + name + " did not stop cleanly: " + e.getMessage());
                }
            }, "stop-" + name);
            thread.start();
            stopping.add(thread);
        });
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        receiver.stop();
        stripe.stop();
    }

    /** The services' Kafka consumer groups (each also has {@code <group>-quotes} where it answers quote requests). */
    static final List<String> SERVICES = List.of("pricing-service", "payment-service", "order-service", "checkout-api");

    /**
     * Every stack on one broker has consumer groups of its own, named after its database: stacks that share a broker
     * (the end-to-end tests, one after another in one JVM) never read each other's messages.
     */
    static String groupId(String service, String database) {
        return service + "." + database;
    }

    /**
     * A stack's groups that have never committed start at the current end of every topic, not at its beginning: the
     * broker may hold an earlier stack's messages (about sessions this stack's database has never seen), and reading
     * those would only hold up its partitions with retries. A group that has committed (a restart on kept data) is
     * left where it was.
     */
    static void startGroupsAtTopicEnds(String bootstrapServers, String database) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (topics.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            for (String service : SERVICES) {
                for (String group : List.of(groupId(service, database), groupId(service, database) + "-quotes")) {
                    if (admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS).isEmpty()) {
                        admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private static void createDatabase(String baseUrl, String database) throws Exception {
        try (Connection c = LocalInfrastructure.connect(baseUrl + "postgres");
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'");
            if (!rs.next()) {
                s.execute("create database " + database);
            }
        }
    }

    /** The demo catalog's variants (id, title, price, stock) for the start-up banner. */
    static List<String> demoItems() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ClassLoader loader = LocalStack.class.getClassLoader();
        JsonNode inventory;
        try (InputStream in = loader.getResourceAsStream("catalog/demo/inventory.json")) {
            inventory = in == null ? json.createObjectNode() : json.readTree(in);
        }
        List<String> items = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream("catalog/demo/products.jsonl")) {
            if (in == null) {
                return items;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                for (JsonNode variant : json.readTree(line).path("variants")) {
                    String id = variant.path("id").asText();
                    items.add(String.format("  %-20s %-34s %6d %s minor units, %d in stock", id,
                            variant.path("title").asText(), variant.at("/price/amount").asLong(),
                            variant.at("/price/currency").asText(), inventory.path(id).asInt(0)));
                }
            }
        }
        return items;
    }

    /** {@code ./mvnw -pl deploy -am package && java -jar deploy/target/acp-local-stack-exec.jar} — see README. */
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        PrintStream out = System.out;
        Path dataDir = Path.of(env("ACP_LOCAL_DATA_DIR", ".local-stack")).toAbsolutePath();
        boolean keep = Boolean.parseBoolean(env("ACP_LOCAL_KEEP_DATA", "false"));
        Path pgDir = dataDir.resolve("postgres");
        awaitNoPostmaster(pgDir, Duration.ofSeconds(30), out);
        if (!keep) {
            deleteRecursively(pgDir);
        }
        out.println("[local-stack] starting embedded PostgreSQL in " + pgDir);
        String pg = LocalInfrastructure.persistentEmbeddedPostgres(pgDir, Integer.parseInt(env("ACP_LOCAL_PG_PORT", "54329")));
        out.println("[local-stack] starting in-process Kafka broker");
        String kafka = LocalInfrastructure.inProcessKafka();
        out.println("[local-stack] Kafka broker at " + kafka);
        // Traces: to a collector of the merchant's (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), else to the stack's own
        // receiver, which keeps the latest spans for GET /v1/traces?session_id=… (ACP_LOCAL_TRACES: keep, count, off).
        Map<String, String> extra = new java.util.LinkedHashMap<>(demoFulfillment());
        String traces = env("ACP_LOCAL_TRACES", "keep");
        TraceCollector collector = null;
        if (System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == null && !traces.equals("off")) {
            collector = new TraceCollector(traces.equals("keep"))
                    .start(Integer.parseInt(env("ACP_LOCAL_TRACE_PORT", "4318")));
            extra.put("management.opentelemetry.tracing.export.otlp.endpoint", collector.url());
        }
        int gatewayPort = Integer.parseInt(env("CHECKOUT_PORT", "8080"));
        int pricingPort = Integer.parseInt(env("PRICING_PORT", "8081"));
        int paymentPort = Integer.parseInt(env("PAYMENT_PORT", "8082"));
        int orderPort = Integer.parseInt(env("ORDER_PORT", "8083"));
        extra.putAll(opsConsole(gatewayPort, pricingPort, paymentPort, orderPort));
        Options options = new Options(pg, kafka, gatewayPort, pricingPort, paymentPort, orderPort,
                Integer.parseInt(env("ACP_LOCAL_STRIPE_PORT", "12111")),
                Integer.parseInt(env("ACP_LOCAL_WEBHOOK_PORT", "8090")),
                env("ACP_LOCAL_AGENT_TOKEN", DEFAULT_AGENT_TOKEN), env("ACP_LOCAL_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
                extra);
        LocalStack stack;
        // Registered before the first service starts: a stop signal while the stack starts (the gateway answers before
        // every consumer holds its partitions) stopped the broker and PostgreSQL under running services.
        java.util.concurrent.atomic.AtomicReference<LocalStack> starting = new java.util.concurrent.atomic.AtomicReference<>();
        LocalInfrastructure.atShutdown(() -> {
            LocalStack begun = starting.get();
            if (begun != null) {
                begun.close();
            }
        });
        try {
            stack = start(options, "acp", out, starting::set);
        } catch (Exception | Error e) {
            out.println("[local-stack] failed to start: " + e);
            System.exit(1);
            return;
        }
        long stripeLatency = Long.parseLong(env("ACP_LOCAL_STRIPE_LATENCY_MS", "0"));
        if (stripeLatency > 0) {
            stack.stripe().latency(Duration.ofMillis(stripeLatency));
            out.println("[local-stack] the Stripe stand-in answers every call after " + stripeLatency
                    + " ms (ACP_LOCAL_STRIPE_LATENCY_MS)");
        }
        int seed = Integer.parseInt(env("ACP_LOCAL_SEED_CHECKOUTS", "0"));
        if (seed > 0) {
            out.println("[local-stack] seeding " + seed + " past checkouts (ACP_LOCAL_SEED_CHECKOUTS), then rebuilding"
                    + " the session and order views");
            LocalHistory.seed(stack, seed, OPS_OPERATOR_TOKEN, out);
        }
        out.println();
        out.println("=== ACP local stack ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms ===");
        out.println("Gateway (API-Version 2025-09-29 … 2026-04-17): " + stack.gatewayUrl());
        out.println("Bearer token:                      " + options.agentToken());
        out.println("Agent webhook receiver:            " + stack.receiver().url() + " (secret " + options.webhookSecret() + ")");
        out.println("Stripe stand-in:                   " + stack.stripe().baseUrl());
        out.println("Merchant order API:                http://127.0.0.1:" + stack.port("order-service")
                + "/merchant/orders/{id} (Bearer " + MERCHANT_API_TOKEN + ")");
        out.println("Merchant catalog API:              http://127.0.0.1:" + stack.port("pricing-service")
                + "/merchant/catalog/variants/{id} (same token)");
        out.println("Ops console:                       http://127.0.0.1:" + stack.port("order-service")
                + "/console/ (operator token " + OPS_OPERATOR_TOKEN + ", auditor token " + OPS_AUDITOR_TOKEN + ")");
        out.println("Metrics:                           http://127.0.0.1:" + stack.port("checkout-api") + "/actuator/prometheus");
        if (collector != null && traces.equals("keep")) {
            out.println("Traces (OTLP receiver):            " + collector.url() + "?session_id={id}");
        }
        out.println("Items (ids for line_items):");
        demoItems().forEach(out::println);
        out.println("Test payment tokens: spt_test_success, spt_test_decline, spt_test_insufficient_funds, "
                + "spt_test_3ds_required, spt_test_3ds_denied, spt_test_expired, spt_test_deactivated, "
                + "spt_test_over_allowance, spt_test_timeout_succeeded (see README)");
        out.println("Press Ctrl-C to stop.");
        Thread.currentThread().join();
    }

    /**
     * The ops roles in every service (the local operator and auditor tokens, named), and order-service's audit facade
     * and console knowing the other services: the console's timeline reads them with the operator token.
     */
    public static Map<String, String> opsConsole(int gateway, int pricing, int payment, int orders) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("acp.ops.token-sha256[0]", "local-operator:" + AgentAuthenticator.sha256Hex(OPS_OPERATOR_TOKEN));
        p.put("acp.ops.auditor-token-sha256[0]", "local-auditor:" + AgentAuthenticator.sha256Hex(OPS_AUDITOR_TOKEN));
        p.put("acp.ops.upstream-token", OPS_OPERATOR_TOKEN);
        p.put("acp.ops.services.checkout", "http://127.0.0.1:" + gateway);
        p.put("acp.ops.services.pricing", "http://127.0.0.1:" + pricing);
        p.put("acp.ops.services.payment", "http://127.0.0.1:" + payment);
        p.put("acp.ops.services.orders", "http://127.0.0.1:" + orders);
        return p;
    }

    /** The demo merchant also has a San Francisco store for pickup and a same-day courier there (local stack only). */
    private static Map<String, String> demoFulfillment() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("acp.pricing.shipping.pickup[0].id", "pickup-market-st");
        p.put("acp.pricing.shipping.pickup[0].location-id", "store_sf");
        p.put("acp.pricing.shipping.pickup[0].name", "Market Street store");
        p.put("acp.pricing.shipping.pickup[0].address.line-one", "1 Market St");
        p.put("acp.pricing.shipping.pickup[0].address.city", "San Francisco");
        p.put("acp.pricing.shipping.pickup[0].address.state", "CA");
        p.put("acp.pricing.shipping.pickup[0].address.country", "US");
        p.put("acp.pricing.shipping.pickup[0].address.postal-code", "94105");
        p.put("acp.pricing.shipping.pickup[0].pickup-type", "in_store");
        p.put("acp.pricing.shipping.local-delivery[0].id", "courier-sf");
        p.put("acp.pricing.shipping.local-delivery[0].title", "Same-day courier");
        p.put("acp.pricing.shipping.local-delivery[0].fee", "899");
        p.put("acp.pricing.shipping.local-delivery[0].country", "US");
        p.put("acp.pricing.shipping.local-delivery[0].postal-codes[0]", "941*");
        p.put("acp.pricing.shipping.local-delivery[0].radius-miles", "10");
        p.put("acp.pricing.shipping.local-delivery[0].center-postal-code", "94103");
        return p;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * A stack still stopping (started again right after Ctrl-C) has its PostgreSQL running on the same directory:
     * deleting the directory under it broke the new start ("could not open file global/pg_filenode.map"). Waits for
     * that postmaster to exit, and refuses to start if it is still there after {@code patience}.
     */
    static void awaitNoPostmaster(Path pgDir, Duration patience, PrintStream out) throws IOException,
            InterruptedException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + patience.toNanos();
        boolean told = false;
        while (true) {
            Long pid = postmasterPid(pidFile);
            if (pid == null || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("PostgreSQL (pid " + pid + ") still runs on " + pgDir
                        + ": another local stack is using it; stop that one first, or set ACP_LOCAL_DATA_DIR");
            }
            if (!told) {
                out.println("[local-stack] waiting for the previous stack's PostgreSQL (pid " + pid + ") to stop");
                told = true;
            }
            Thread.sleep(100);
        }
    }

    private static Long postmasterPid(Path pidFile) throws IOException {
        try {
            String first = java.nio.file.Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? null : Long.parseLong(first);
        } catch (java.nio.file.NoSuchFileException | NumberFormatException e) {
            return null; // none, or half written while being read: nothing to wait for
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
