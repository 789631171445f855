package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.deploy.AcpClient.Response;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults mid-saga: a service goes down while a completion is in flight and comes back. Nothing is lost, the session
 * completes, and the buyer is charged exactly once (counted at the Stripe stand-in).
 */
@OwnStack
class ServiceRestartE2E {

    static LocalStack stack;
    static AcpClient agent;
    static String database;

    @BeforeAll
    static void startStack() throws Exception {
        var options = LocalStack.Options.forTests(LocalInfrastructure.postgresBaseUrl(),
                LocalInfrastructure.kafkaBootstrapServers());
        options = new LocalStack.Options(options.postgresBaseUrl(), options.kafkaBootstrapServers(), 0, 0, 0, 0, 0, 0,
                options.agentToken(), options.webhookSecret(), Map.of("acp.checkout.complete-wait", "PT2S"));
        database = "acp_restart_" + System.nanoTime();
        stack = LocalStack.start(options, database, System.out);
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void paymentServiceDownDuringComplete_completesOnceItIsBack_withOneCharge() {
        String id = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        stack.stop("payment-service");

        Response pending = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.body().get("status").asText()).isEqualTo("complete_in_progress");
        assertThat(stack.stripe().paymentIntentsCreated(id)).isZero();

        stack.restart("payment-service");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(agent.get("/checkout_sessions/" + id).body().get("status").asText()));
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        String orderId = agent.get("/checkout_sessions/" + id).body().at("/order/id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId) && d.type().equals("order_create")));
    }

    @Test
    void checkoutApiRestartMidSaga_losesNothing() {
        String id = agent.post("/checkout_sessions", createBody("daypack-black", 1)).body().get("id").asText();
        stack.stop("order-service");
        Response pending = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(pending.body().get("status").asText()).isEqualTo("complete_in_progress");
        // The saga now waits for the order; restart the gateway that owns it, then bring order-service back.
        stack.restart("checkout-api");
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        stack.restart("order-service");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(agent.get("/checkout_sessions/" + id).body().get("status").asText()));
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.stripe().captures() >= 1);
    }

    /**
     * The database goes away (every connection cut, new ones refused, as during a restart) while four completions are
     * in flight, and comes back six seconds later. Every session completes, each buyer is charged once, every order
     * reaches the agent. The agent retries a failed complete with the same Idempotency-Key, as ACP agents do.
     */
    @Test
    void databaseRestartMidSaga_everySessionCompletes_eachChargedOnce() throws Exception {
        completeAllThrough(() -> {
            setDatabaseAvailable(false);
            Thread.sleep(6_000);
            setDatabaseAvailable(true);
        });
    }

    /** The Kafka broker stops (its log kept) while four completions are in flight and starts again five seconds later. */
    @Test
    void brokerRestartMidSaga_everySessionCompletes_eachChargedOnce() throws Exception {
        completeAllThrough(() -> LocalInfrastructure.restartKafkaBroker(Duration.ofSeconds(5)));
    }

    interface Fault {
        void happen() throws Exception;
    }

    private static void completeAllThrough(Fault fault) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String item : List.of("tee-red-m", "tee-red-m", "daypack-black", "ebook-trail-guide")) {
            Response created = agent.post("/checkout_sessions", createBody(item, 1));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            ids.add(created.body().get("id").asText());
        }
        ExecutorService agents = Executors.newFixedThreadPool(ids.size());
        List<Future<Integer>> completes = new ArrayList<>();
        for (String id : ids) {
            String key = UUID.randomUUID().toString();
            completes.add(agents.submit(() -> completeRetrying(id, key)));
        }
        Thread.sleep(150);
        fault.happen();

        for (Future<Integer> f : completes) {
            assertThat(f.get(3, TimeUnit.MINUTES)).isEqualTo(200);
        }
        agents.shutdown();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> ids.stream()
                .allMatch(id -> "completed".equals(statusOf(id))));
        for (String id : ids) {
            assertThat(stack.stripe().successfulPaymentIntents(id)).as(id).isEqualTo(1);
            String orderId = agent.get("/checkout_sessions/" + id).body().at("/order/id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.receiver().deliveries().stream()
                    .anyMatch(d -> d.orderId().equals(orderId) && d.type().equals("order_create")));
        }
    }

    /** An agent's complete: a 5xx, a 409 in flight or a broken connection is retried with the same key. */
    private static int completeRetrying(String id, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                Response r = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"), key);
                if (r.status() < 500 && r.status() != 409) {
                    return r.status();
                }
            } catch (IllegalStateException e) {
                // connection reset while the gateway waited on the database: retry
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(250);
        }
    }

    private static String statusOf(String id) {
        try {
            Response r = agent.get("/checkout_sessions/" + id);
            return r.status() == 200 ? r.body().get("status").asText() : "unavailable";
        } catch (IllegalStateException e) {
            return "unavailable";
        }
    }

    /** Refuses new connections to the stack's database and cuts the open ones, or lets them in again. */
    private static void setDatabaseAvailable(boolean available) throws Exception {
        try (Connection c = DriverManager.getConnection(LocalInfrastructure.postgresBaseUrl() + "postgres",
                "postgres", ""); Statement st = c.createStatement()) {
            st.execute("alter database " + database + " with allow_connections " + available);
            if (!available) {
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                        + "' and pid <> pg_backend_pid()");
            }
        }
    }
}
