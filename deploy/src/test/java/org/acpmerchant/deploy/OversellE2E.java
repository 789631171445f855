package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.deploy.AcpClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 200 buyers race for the 10 units of one variant (on the shared stack, whose catalog adds it from {@code
 * catalog/oversell/products.jsonl} with {@link #UNITS} in stock; no other class buys it), each with its own session
 * and a card that always succeeds: exactly 10 sales, no 5xx, a balanced ledger, exactly 10 charges.
 */
@ExtendWith(SharedStack.class)
class OversellE2E {

    static final String ITEM = "limited-drop";
    static final int UNITS = 10;
    static final int BUYERS = 200;
    static final int THREADS = 32;

    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SharedStack.stack();
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    /** Creates a session, retrying a 503 (quote timed out on a busy machine) as an agent would. */
    static String createSession(AtomicInteger retries) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Response created = agent.post("/checkout_sessions", createBody(ITEM, 1));
            if (created.status() == 503 && attempt < 10) {
                retries.incrementAndGet();
                Thread.sleep(500L * attempt);
                continue;
            }
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            assertThat(created.body().get("status").asText()).isEqualTo("ready_for_payment");
            return created.body().get("id").asText();
        }
    }

    @Test
    void twoHundredBuyers_tenUnits_exactlyTenSales() throws Exception {
        assertThat(stock("on_hand")).isEqualTo(UNITS);
        AtomicInteger createRetries = new AtomicInteger();
        String warmUp = createSession(createRetries); // the quote consumers have joined their group
        agent.post("/checkout_sessions/" + warmUp + "/cancel", "{}");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long started = System.nanoTime();
        List<Response> completes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            List<Future<String>> sessions = new ArrayList<>();
            for (int i = 0; i < BUYERS; i++) {
                sessions.add(pool.submit(() -> createSession(createRetries)));
            }
            for (Future<String> f : sessions) {
                ids.add(f.get(2, TimeUnit.MINUTES));
            }
            long created = System.nanoTime();
            System.out.printf("[oversell] %d sessions created in %d ms (%d create retries after a 503)%n", BUYERS,
                    Duration.ofNanos(created - started).toMillis(), createRetries.get());
            List<Future<Response>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(pool.submit(() ->
                        agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"))));
            }
            for (Future<Response> f : results) {
                completes.add(f.get(2, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        long answered = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(completes).allSatisfy(r -> assertThat(r.status()).as(r.body().toString()).isLessThan(500));
        System.out.printf("[oversell] complete answers after %d ms: statuses %s, session states %s%n", answered,
                count(completes, r -> String.valueOf(r.status())), count(completes, OversellE2E::state));

        // An answer of complete_in_progress (the saga outlived acp.checkout.complete-wait) is polled, as an agent would.
        Map<String, Response> last = new java.util.concurrent.ConcurrentHashMap<>();
        completes.forEach(r -> last.put(r.body().path("id").asText(), r));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            last.replaceAll((id, r) -> "complete_in_progress".equals(state(r))
                    ? agent.get("/checkout_sessions/" + id) : r);
            return last.values().stream().noneMatch(r -> "complete_in_progress".equals(state(r)));
        });
        long wall = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<Response> finals = new ArrayList<>(last.values());
        List<Response> completed = finals.stream().filter(r -> "completed".equals(state(r))).toList();
        List<Response> others = finals.stream().filter(r -> !"completed".equals(state(r))).toList();
        long outOfStock = others.stream()
                .filter(r -> r.body().path("messages").findValuesAsText("code").contains("out_of_stock")).count();
        System.out.printf("[oversell] buyers %d, units %d, %d threads: sessions completed %d, out_of_stock answers %d, "
                        + "final states %s, wall %d ms (sessions + completes + polling)%n",
                BUYERS, UNITS, THREADS, completed.size(), outOfStock, count(finals, OversellE2E::state), wall);

        assertThat(completed).hasSize(UNITS);
        assertThat(completed).extracting(r -> r.body().at("/order/id").asText()).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).isNotBlank());
        assertThat(others).allSatisfy(r -> {
            assertThat(r.body().path("status").asText()).as(r.body().toString()).isEqualTo("not_ready_for_payment");
            assertThat(r.body().path("messages").findValuesAsText("code")).contains("out_of_stock");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> stock("on_hand") == 0 && stock("reserved") == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> orders(ids) == UNITS);
        assertThat(ids.stream().mapToInt(id -> stack.stripe().successfulPaymentIntents(id)).sum()).isEqualTo(UNITS);
    }

    private static String state(Response r) {
        return r.body().path("status").asText();
    }

    private static Map<String, Long> count(List<Response> responses, java.util.function.Function<Response, String> key) {
        return responses.stream().collect(java.util.stream.Collectors.groupingBy(
                key, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static int stock(String column) {
        return stack.context("pricing-service").getBean(JdbcTemplate.class)
                .queryForObject("select " + column + " from stock_level where variant_id = ?", Integer.class, ITEM);
    }

    /** Orders of these sessions. */
    private static int orders(List<String> sessionIds) {
        return stack.context("order-service").getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from order_view where session_id = any(?)", Integer.class,
                (Object) sessionIds.toArray(String[]::new));
    }
}
