package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history seeder copies real checkouts (plain, shipped and delivered, refunded) into all four stores with fresh
 * ids and past timestamps, through Axon's storage engine, and moves every processor past them: nothing is sent for
 * the copies; a rebuild brings the order view up to date; an ops audit follows a copied order across the four
 * services.
 */
@OwnStack
class HistorySeederE2E {

    static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = OpsAuditE2E.startWithOps(Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void copiesRealCheckouts_intoEveryStore_sendingNothing_andARebuildShowsThem() throws Exception {
        List<String> templateOrders = templates(stack, 6);
        HistorySeeder seeder = seeder(stack);
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(60)).until(seeder::caughtUp);
        int deliveries = orders.queryForObject("select count(*) from webhook_delivery", Integer.class);
        Instant oldestTemplate = orders.queryForObject("select min(updated_at) from order_view", java.sql.Timestamp.class)
                .toInstant();

        HistorySeeder.Result seeded = stopSeedRestart(stack, seeder, 30);
        orders = stack.context("order-service").getBean(JdbcTemplate.class);
        assertThat(seeded.templates()).isEqualTo(templateOrders.size());
        LocalHistory.SCHEMAS.forEach(schema -> assertThat(seeded.events().get(schema)).as(schema).isPositive());

        JsonNode caughtUp = awaitCaughtUp(stack);
        assertThat(caughtUp.path("position").asLong()).isGreaterThanOrEqualTo(caughtUp.path("head").asLong());
        assertThat(orders.queryForObject("select count(*) from webhook_delivery", Integer.class))
                .as("the processor is past the copies and enqueued nothing for them").isEqualTo(deliveries);

        JsonNode ready = rebuild(stack, true);
        assertThat(ready.at("/differences/counts/only_in_rebuild").asLong()).as(ready.toString()).isEqualTo(30);
        assertThat(ready.at("/differences/counts/changed").asLong()).isZero();
        assertThat(ready.at("/differences/counts/only_in_live").asLong()).isZero();
        assertThat(OpsAuditE2E.ops(stack, "order-service", "POST", "/ops/projections/order-webhooks/rebuild/switch",
                null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(orders.queryForObject("select count(*) from order_view", Integer.class))
                .isEqualTo(templateOrders.size() + 30);

        Map<String, Object> copy = orders.queryForMap("select order_id, session_id, updated_at from order_view"
                + " where order_id <> all(?) order by updated_at limit 1", (Object) templateOrders.toArray(String[]::new));
        String orderId = (String) copy.get("order_id");
        assertThat(((java.sql.Timestamp) copy.get("updated_at")).toInstant()).isBefore(oldestTemplate);
        assertThat(templateOrders.stream().anyMatch(orderId::startsWith)).as("a template's id with a suffix").isTrue();
        JsonNode audit = OpsAuditE2E.JSON.readTree(OpsAuditE2E.ops(stack, "order-service", "GET",
                "/ops/audit?order_id=" + orderId, null, Map.of()).body());
        List<String> services = new ArrayList<>();
        audit.path("timeline").forEach(e -> services.add(e.path("service").asText()));
        assertThat(services).as(audit.toString()).contains("checkout", "pricing", "payment", "orders");
        assertThat(audit.path("timeline").toString()).doesNotContain(templateOrders.get(0) + "\"");

        // The session view (written in the command's transaction) is rebuilt too, and merged in by version.
        JdbcTemplate checkout = stack.context("checkout-api").getBean(JdbcTemplate.class);
        String template = checkout.queryForObject("select session_id from session_view order by updated_at desc limit 1",
                String.class);
        checkout.update("update session_view set status = 'canceled' where session_id = ?", template);
        JsonNode sessions = rebuild(stack, "checkout-api", "session-view", true);
        assertThat(sessions.at("/differences/counts/only_in_rebuild").asLong()).as(sessions.toString()).isEqualTo(30);
        assertThat(sessions.at("/differences/counts/changed").asLong()).isEqualTo(1);
        assertThat(sessions.at("/differences/counts/only_in_live").asLong()).isZero();
        assertThat(sessions.at("/differences/samples").findValuesAsText("key")).contains(template);
        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        String copiedSession = (String) copy.get("session_id");
        assertThat(agent.get("/checkout_sessions/" + copiedSession).status()).as("not switched in yet").isEqualTo(404);
        HttpResponse<String> merged = OpsAuditE2E.ops(stack, "checkout-api", "POST",
                "/ops/projections/session-view/rebuild/switch", null, Map.of());
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        AcpClient.Response copied = agent.get("/checkout_sessions/" + copiedSession);
        assertThat(copied.status()).as(copied.body().toString()).isEqualTo(200);
        assertThat(copied.body().path("status").asText()).isEqualTo("completed");
        assertThat(copied.body().at("/order/id").asText()).isEqualTo(orderId);
        assertThat(checkout.queryForObject("select status from session_view where session_id = ?", String.class,
                template)).isEqualTo("completed");
        assertThat(rebuild(stack, "checkout-api", "session-view", true).at("/differences/total").asLong()).isZero();
    }

    @Test
    void sessionViewRebuild_mergedInWhileAgentsKeepUpdating_keepsEveryLatestUpdate() throws Exception {
        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(agent.post("/checkout_sessions", AcpClient.createBody("ebook-trail-guide", 1)).body()
                    .get("id").asText());
        }
        Map<String, Integer> lastQuantity = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int n = 0; !stop.get() && n < 400; n++) {
                String id = sessions.get(n % sessions.size());
                int quantity = 1 + n % 3;
                AcpClient.Response r = agent.post("/checkout_sessions/" + id,
                        "{\"line_items\":[{\"id\":\"ebook-trail-guide\",\"quantity\":" + quantity + "}]}");
                if (r.status() == 200) {
                    lastQuantity.put(id, quantity);
                    updates.incrementAndGet();
                }
            }
        }, "session-updater");
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> updates.get() >= 8);
        JsonNode merged = rebuild(stack, "checkout-api", "session-view", false);
        int atSwitch = updates.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> updates.get() >= atSwitch + 8 || !writer.isAlive());
        stop.set(true);
        writer.join();
        System.out.printf("[session merge under updates] %d updates, %d of them after the merge; %s%n", updates.get(),
                updates.get() - atSwitch, merged.path("differences"));
        for (String id : sessions) {
            JsonNode session = agent.get("/checkout_sessions/" + id).body();
            assertThat(session.at("/line_items/0/quantity").asInt()).as(id).isEqualTo(lastQuantity.get(id));
        }
        assertThat(rebuild(stack, "checkout-api", "session-view", true).at("/differences/total").asLong()).isZero();
    }

    static List<String> templates(LocalStack stack, int n) throws Exception {
        return LocalHistory.templates(stack, n, OpsAuditE2E.OPS_TOKEN);
    }

    static HistorySeeder seeder(LocalStack stack) {
        return LocalHistory.seeder(stack, System.out);
    }

    static HistorySeeder.Result stopSeedRestart(LocalStack stack, HistorySeeder seeder, int checkouts) throws Exception {
        return LocalHistory.stopSeedRestart(stack, seeder, checkouts, System.out);
    }

    static JsonNode awaitCaughtUp(LocalStack stack) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> projection(stack).path("behind").asLong() == 0);
        return projection(stack);
    }

    static JsonNode projection(LocalStack stack) throws Exception {
        return OpsAuditE2E.JSON.readTree(OpsAuditE2E.ops(stack, "order-service", "GET",
                "/ops/projections/order-webhooks", null, Map.of()).body());
    }

    /** Starts a rebuild of the order view and waits for it to be ready (a dry run) or switched. */
    static JsonNode rebuild(LocalStack stack, boolean dryRun) throws Exception {
        return rebuild(stack, "order-service", "order-webhooks", dryRun);
    }

    static JsonNode rebuild(LocalStack stack, String service, String name, boolean dryRun) throws Exception {
        HttpResponse<String> started = OpsAuditE2E.ops(stack, service, "POST",
                "/ops/projections/" + name + "/rebuild", "{\"dry_run\":" + dryRun + "}", Map.of());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String done = dryRun ? "ready" : "switched";
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String phase = rebuildStatus(stack, service, name).path("phase").asText();
            return phase.equals(done) || phase.equals("failed");
        });
        JsonNode status = rebuildStatus(stack, service, name);
        assertThat(status.path("phase").asText()).as(status.toString()).isEqualTo(done);
        return status;
    }

    static JsonNode rebuildStatus(LocalStack stack, String service, String name) throws Exception {
        return OpsAuditE2E.JSON.readTree(OpsAuditE2E.ops(stack, service, "GET",
                "/ops/projections/" + name + "/rebuild", null, Map.of()).body());
    }
}
