package org.acpmerchant.deploy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.acpmerchant.platform.testing.FreePorts;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one local stack the end-to-end tests of a test JVM share (ADR 0037), with every setting any of them needs:
 * started by the first class that asks ({@code @ExtendWith(SharedStack.class)}), stopped when the JVM exits, before
 * the broker and the database. Starting and stopping a stack costs about 9 s, and each class used to pay it.
 *
 * <p>A sharing test reads only what it made: its own sessions, orders and payment intents, never a count over the
 * whole stack. Before each class it waits until the stack has settled from the class before it: every order event
 * delivered to the agent. A test that changes the stack for everyone (killed services, restarts, its own log capture)
 * starts a stack of its own and is marked {@link OwnStack}: those run in {@link OwnStackSuite}, the sharing classes in
 * {@link SharedStackSuite}, each suite in a test JVM of its own (ADR 0040). A sharing class run after an own-stack
 * class in one JVM (both named with {@code -Dit.test}) starts the shared stack again.
 */
final class SharedStack implements BeforeAllCallback {

    private static Running running;
    private static boolean stopAtExit;

    /** The stack and its trace collector. */
    record Running(LocalStack stack, TraceCollector traces) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
            traces.stop();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedStack.class) {
            if (running == null) {
                running = start();
                if (!stopAtExit) {
                    LocalInfrastructure.atShutdown(SharedStack::stop);
                    stopAtExit = true;
                }
            }
        }
        awaitSettled();
    }

    private static synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /**
     * For a class that starts a stack of its own ({@link OwnStack}): the shared one is stopped first, since two stacks
     * on one broker would answer each other's quote requests.
     */
    static final class Stopped implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            stop();
        }
    }

    static LocalStack stack() {
        return running.stack();
    }

    static TraceCollector traces() {
        return running.traces();
    }

    private static Running start() throws Exception {
        TraceCollector traces = new TraceCollector(true).start(0);
        int gateway = FreePorts.next();
        int pricing = FreePorts.next();
        int payment = FreePorts.next();
        int orders = FreePorts.next();
        Map<String, String> p = new HashMap<>(LocalStack.opsConsole(gateway, pricing, payment, orders));
        p.put("acp.ops.token-sha256[1]", OpsTokenFilter.sha256Hex(OpsAuditE2E.OPS_TOKEN));
        p.put("acp.checkout.agents[1].id", "good-agent");
        p.put("acp.checkout.agents[1].token-sha256[0]", AgentAuthenticator.sha256Hex(HostileAgentE2E.GOOD_TOKEN));
        // WebhookReceiverDownE2E: retries close together
        p.put("acp.orders.webhooks.initial-backoff", "200ms");
        p.put("acp.orders.webhooks.max-backoff", "1s");
        // PaymentTokensE2E: a Stripe answer slower than 1 s is a timeout with an unknown outcome
        p.put("acp.payment.stripe.read-timeout", "1s");
        p.put("acp.payment.stripe.deadline", "20s");
        // every class buys: the demo catalog with deep stock, but its sold-out and two-unit items as they are
        p.put("acp.pricing.catalog.feed-dir", deepStockCatalog().toString());
        // TracingE2E: every span, to the collector, soon
        p.put("management.opentelemetry.tracing.export.otlp.endpoint", traces.url());
        p.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
        p.put("management.tracing.sampling.probability", "1.0");
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(LocalInfrastructure.postgresBaseUrl(),
                    LocalInfrastructure.kafkaBootstrapServers(), gateway, pricing, payment, orders, 0, 0,
                    LocalStack.DEFAULT_AGENT_TOKEN, LocalStack.DEFAULT_WEBHOOK_SECRET, p),
                    "acp_e2e_shared_" + System.nanoTime(), System.out);
        } catch (Exception | Error e) {
            traces.stop();
            throw e;
        }
        // the only token it slows is spt_test_timeout_succeeded (PaymentTokensE2E)
        stack.stripe().slowResponseDelay(Duration.ofSeconds(3));
        return new Running(stack, traces);
    }

    /** The demo catalog with 100,000 units of every item it stocks more than two of. */
    private static Path deepStockCatalog() throws IOException {
        Path dir = Files.createTempDirectory("acp-e2e-catalog");
        dir.toFile().deleteOnExit();
        ClassLoader loader = SharedStack.class.getClassLoader();
        for (String file : List.of("metadata.json", "products.jsonl", "inventory.json")) {
            try (InputStream in = loader.getResourceAsStream("catalog/demo/" + file)) {
                Files.copy(Objects.requireNonNull(in, file), dir.resolve(file));
            }
            dir.resolve(file).toFile().deleteOnExit();
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode inventory = (ObjectNode) json.readTree(dir.resolve("inventory.json").toFile());
        List<String> stocked = new ArrayList<>();
        inventory.fieldNames().forEachRemaining(item -> {
            if (inventory.get(item).asInt() > 2) {
                stocked.add(item);
            }
        });
        stocked.forEach(item -> inventory.put(item, 100_000));
        // OversellE2E: 200 buyers race for the 10 units of an item no other class buys (its product line is in
        // catalog/oversell/, its stock is OversellE2E.UNITS)
        try (InputStream in = loader.getResourceAsStream("catalog/oversell/products.jsonl")) {
            Files.write(dir.resolve("products.jsonl"), Objects.requireNonNull(in, "oversell products").readAllBytes(),
                    StandardOpenOption.APPEND);
        }
        inventory.put(OversellE2E.ITEM, OversellE2E.UNITS);
        json.writeValue(dir.resolve("inventory.json").toFile(), inventory);
        return dir;
    }

    /** Every order event the classes before stored has reached the agent (or been given up on). */
    private static void awaitSettled() {
        JdbcTemplate orders = running.stack().context("order-service").getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.queryForObject(
                "select count(*) from webhook_delivery where status = 'pending'", Integer.class) == 0);
    }
}
