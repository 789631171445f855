package org.acpmerchant.deploy;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prints, never asserts: webhook lag from order event to delivery (median, p99) under a steady checkout load through
 * the gateway, and the order-webhooks replay speed in events/s. Opt-in, since it can only print: run alone with
 * {@code mvn -B -o -pl deploy verify -Dit.test=OpsMeasurementsE2E -Dops.measure=true} (set
 * {@code ACP_MEASURE_CHECKOUTS} and {@code ACP_MEASURE_INTERVAL_MS} to change the load).
 */
@EnabledIfSystemProperty(named = "ops.measure", matches = "true",
        disabledReason = "opt-in measurement that prints and asserts nothing: -Dops.measure=true")
@OwnStack
class OpsMeasurementsE2E {

    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        stack = OpsAuditE2E.startWithOps(Map.of());
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void printWebhookLag_andReplaySpeed() throws Exception {
        int checkouts = Integer.parseInt(System.getenv().getOrDefault("ACP_MEASURE_CHECKOUTS", "30"));
        long interval = Long.parseLong(System.getenv().getOrDefault("ACP_MEASURE_INTERVAL_MS", "500"));
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        long start = System.nanoTime();
        for (int i = 0; i < checkouts; i++) {
            long due = start + i * interval * 1_000_000;
            long wait = (due - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
            OpsAuditE2E.checkout(agent, "ebook-trail-guide");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.queryForObject(
                "select count(*) from webhook_delivery where status <> 'delivered'", Integer.class) == 0);
        Map<String, Object> lag = orders.queryForMap("""
                select count(*) as n,
                       percentile_cont(0.5) within group (order by extract(epoch from d.delivered_at - e.time_stamp::timestamptz) * 1000) as median_ms,
                       percentile_cont(0.99) within group (order by extract(epoch from d.delivered_at - e.time_stamp::timestamptz) * 1000) as p99_ms,
                       max(extract(epoch from d.delivered_at - e.time_stamp::timestamptz) * 1000) as max_ms
                from webhook_delivery d join domain_event_entry e on e.event_identifier = d.event_id""");
        System.out.printf("[measure] webhook lag, order event stored -> agent 2xx, %d checkouts in %.1f s (%.1f/s): "
                        + "%s deliveries, median %.1f ms, p99 %.1f ms, max %.1f ms%n", checkouts, seconds,
                checkouts / seconds, lag.get("n"), ((Number) lag.get("median_ms")).doubleValue(),
                ((Number) lag.get("p99_ms")).doubleValue(), ((Number) lag.get("max_ms")).doubleValue());

        long events = orders.queryForObject("select count(*) from domain_event_entry", Long.class);
        OpsAuditE2E.ops(stack, "order-service", "POST", "/ops/projections/order-webhooks/replay", null, Map.of());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> OpsAuditE2E.JSON.readTree(
                OpsAuditE2E.ops(stack, "order-service", "GET", "/ops/projections/order-webhooks", null, Map.of()).body())
                .at("/last_replay/finished_at").isTextual());
        JsonNode status = OpsAuditE2E.JSON.readTree(
                OpsAuditE2E.ops(stack, "order-service", "GET", "/ops/projections/order-webhooks", null, Map.of()).body());
        System.out.printf("[measure] replay of order-webhooks over %d events: %s events/s (%s)%n", events,
                status.at("/last_replay/events_per_second").asText(), status);
    }
}
