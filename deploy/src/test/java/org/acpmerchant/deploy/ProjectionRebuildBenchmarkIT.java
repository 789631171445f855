package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuild speed and memory on a seeded history (issue 14, part 3). Prints, never asserts a speed. Twelve real
 * checkouts through the local stack are the templates; the {@link HistorySeeder} copies them into all four stores
 * until the order store holds {@code rebuild.events} events; then the order view is rebuilt three times: a dry run
 * while the live view lacks the copies, its switch, a dry run on the consistent view; and, as the baseline of the
 * same run, Axon's replay (token reset) is sampled for {@code rebuild.replay-seconds}. Run:
 * {@code ./mvnw -B -o -pl deploy verify -Dit.test=ProjectionRebuildBenchmarkIT -Drebuild.events=1000000 -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "rebuild.events", matches = "\\d+",
        disabledReason = "opt-in, minutes long: -Drebuild.events=1000000 (see the class comment)")
@OwnStack
class ProjectionRebuildBenchmarkIT {

    @Test
    void printRebuildSpeedAndHeap() throws Exception {
        long target = Long.getLong("rebuild.events");
        int replaySeconds = Integer.getInteger("rebuild.replay-seconds", 30);
        LocalStack stack = OpsAuditE2E.startWithOps(Map.of());
        try {
            List<String> templates = HistorySeederE2E.templates(stack, 12);
            HistorySeeder seeder = HistorySeederE2E.seeder(stack);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(seeder::caughtUp);
            JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
            long templateEvents = orders.queryForObject("select count(*) from domain_event_entry", Long.class);
            int checkouts = (int) Math.max(1, (target - templateEvents) * templates.size() / templateEvents);
            HistorySeeder.Result seeded = HistorySeederE2E.stopSeedRestart(stack, seeder, checkouts);
            orders = stack.context("order-service").getBean(JdbcTemplate.class);
            long events = orders.queryForObject("select count(*) from domain_event_entry", Long.class);
            System.out.printf("[rebuild-bench] seeded %,d checkouts (%,d events in the four stores, %,d in orders) in"
                            + " %.1f s: %,.0f events/s; JVM max heap %d MiB%n", seeded.checkouts(), seeded.totalEvents(),
                    events, seeded.took().toMillis() / 1e3, seeded.totalEvents() / (seeded.took().toMillis() / 1e3),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20);
            HistorySeederE2E.awaitCaughtUp(stack);

            JsonNode first = measured(stack, "order view (order store), dry run, live view lacking the copies");
            long switchStarted = System.nanoTime();
            JsonNode switched = OpsAuditE2E.JSON.readTree(OpsAuditE2E.ops(stack, "order-service", "POST",
                    "/ops/projections/order-webhooks/rebuild/switch", null, Map.of()).body());
            assertThat(switched.path("phase").asText()).as(switched.toString()).isEqualTo("switched");
            System.out.printf("[rebuild-bench] switch in: %d ms%n", (System.nanoTime() - switchStarted) / 1_000_000);
            JsonNode second = measured(stack, "order view, dry run, consistent view");
            assertThat(second.at("/differences/total").asLong()).isZero();
            assertThat(first.at("/differences/counts/only_in_rebuild").asLong()).isEqualTo(seeded.checkouts());

            JsonNode sessions = measured(stack, "checkout-api", "session-view",
                    "session view (checkout store), dry run, live view lacking the copies");
            assertThat(sessions.at("/differences/counts/only_in_rebuild").asLong()).isEqualTo(seeded.checkouts());

            OpsAuditE2E.ops(stack, "order-service", "POST", "/ops/projections/order-webhooks/replay", null, Map.of());
            Thread.sleep(replaySeconds * 1000L);
            JsonNode replay = HistorySeederE2E.projection(stack);
            double replayRate = replay.at("/last_replay/events_per_second").asDouble();
            System.out.printf("[rebuild-bench] baseline, Axon replay (token reset) sampled for %d s: %,.0f events/s"
                            + " (position %d of %d)%n", replaySeconds, replayRate, replay.path("position").asLong(),
                    replay.path("head").asLong());
            System.out.printf("[rebuild-bench] rebuild / replay: %.0fx%n",
                    second.path("events_per_second").asDouble() / Math.max(replayRate, 1e-9));
        } finally {
            stack.close();
        }
    }

    private static JsonNode measured(LocalStack stack, String label) throws Exception {
        return measured(stack, "order-service", "order-webhooks", label);
    }

    private static JsonNode measured(LocalStack stack, String service, String name, String label) throws Exception {
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long started = System.nanoTime();
        JsonNode status = HistorySeederE2E.rebuild(stack, service, name, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[rebuild-bench] %s %s: %,d store events read (%,d/s), %,d of them folded (%,d/s), %.1f s to"
                        + " ready, %,d rows written, %,d read back; heap %d MiB before, peak %d MiB used (garbage included),"
                        + " peak %d MiB after a collection; differences %s%n", name, label, status.path("target").asLong() + 1,
                status.path("positions_per_second").asLong(),
                status.path("events").asLong(), status.path("events_per_second").asLong(), seconds,
                status.path("rows_written").asLong(), status.path("rows_read_back").asLong(), before >> 20,
                status.path("heap_peak_bytes").asLong() >> 20, status.path("heap_after_gc_peak_bytes").asLong() >> 20,
                status.at("/differences/counts"));
        return status;
    }
}
