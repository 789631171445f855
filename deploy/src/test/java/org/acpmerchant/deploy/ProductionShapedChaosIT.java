package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Chaos on the production-shaped run (issue 12, item 3): {@code chaos.checkouts} checkouts (default 1,000) at a steady
 * rate ({@code chaos.rate}, default 3/s) across both gateway replicas, a tenth of them paid with a token Stripe
 * declines, while a random service process that has run for a minute is killed with {@code kill -9} every
 * {@code chaos.kill-every} s (default 15; the run starts it again, as Kubernetes would), the
 * broker is stopped for 10 s and started again a third of the way in, and the machine's PostgreSQL is restarted two
 * thirds of the way in. Afterwards it counts, from the databases, the Stripe stand-in's PaymentIntents and what the
 * agent's webhook receiver verified, and fails on any of: a completed session without exactly one order and exactly one
 * captured PaymentIntent of its total; a session charged without an order or charged twice; an authorization left
 * hanging; a session still in progress; a stock hold left; an undelivered or lost webhook; an order whose webhooks the
 * agent did not get with {@code order_create} first.
 *
 * <p>Opt-in and minutes long. The run's PostgreSQL is chosen as the tests' is (ADR 0028); only the machine's server
 * (127.0.0.1:5432, {@code pg_ctlcluster}) is restarted, and the report says when it was not:
 * <pre>./mvnw -B -q -DskipTests install
 * ./mvnw -B -pl deploy verify -Dit.test=ProductionShapedChaosIT -Dchaos.checkouts=1000 \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dtest=none</pre>
 * Figures go to the test output and {@code deploy/target/prod-shaped/chaos-report.txt}.
 */
@EnabledIfSystemProperty(named = "chaos.checkouts", matches = "\\d+",
        disabledReason = "opt-in, minutes long: -Dchaos.checkouts=1000 (see the class comment)")
class ProductionShapedChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERIFIED =
            Pattern.compile("\\[agent webhook] verified (\\S+) order=(\\S+) status=\\S* request_id=(\\S+)");

    private final int checkouts = Integer.getInteger("chaos.checkouts", 1000);
    private final double rate = Double.parseDouble(System.getProperty("chaos.rate", "3"));
    private final int killEvery = Integer.getInteger("chaos.kill-every", 15);
    private final Path root = Path.of("..").toAbsolutePath().normalize();
    private final Path jar = Path.of("target", "acp-local-stack-exec.jar").toAbsolutePath();
    private final Path logs = root.resolve("deploy/target/prod-shaped");
    private final List<String> report = new ArrayList<>();
    private String databaseUrl;

    @Test
    void nothingIsLostAndNobodyIsChargedTwiceWhileProcessesDie() throws Exception {
        Files.createDirectories(logs);
        Process run = java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                "org.acpmerchant.deploy.ProductionShapedRun", List.of(), root.resolve("deploy/target/chaos-run.log"));
        try {
            awaitLine(root.resolve("deploy/target/chaos-run.log"), "production-shaped run ready", run, Duration.ofMinutes(10));
            Matcher db = Pattern.compile("; database (jdbc:postgresql://\\S+);")
                    .matcher(Files.readString(root.resolve("deploy/target/chaos-run.log")));
            assertThat(db.find()).as("the run names its database").isTrue();
            databaseUrl = db.group(1);
            say("database: %s", databaseUrl);
            load(run);
            settle();
            check();
        } finally {
            run.destroy();
            run.waitFor();
            Files.write(logs.resolve("chaos-report.txt"), report);
        }
    }

    /** The load processes, and the kills, the broker restart and the PostgreSQL restart while they run. */
    private void load(Process run) throws Exception {
        long seconds = Math.round(checkouts / rate);
        double declined = rate / 10;
        double each = (rate - declined) / 2;
        say("load: %d checkouts over %d s (%.2f/s on each gateway paid by spt_test_success, %.2f/s on the first paid by"
                + " spt_test_decline); kill -9 of a random service process every %d s", checkouts, seconds, each,
                declined, killEvery);
        List<Process> loads = List.of(
                benchmark(8180, each, seconds, "spt_test_success", "load-1"),
                benchmark(8280, each, seconds, "spt_test_success", "load-2"),
                benchmark(8180, declined, seconds, "spt_test_decline", "load-declined"));
        long start = System.nanoTime();
        int kills = 0;
        boolean broker = false;
        boolean database = false;
        while (loads.stream().anyMatch(Process::isAlive)) {
            Thread.sleep(killEvery * 1000L);
            long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
            if (elapsed >= seconds) {
                continue; // the window is over: the stragglers finish undisturbed
            }
            if (!broker && elapsed >= seconds / 3) {
                say("%s broker: stop, 10 s down, start", now());
                Files.writeString(logs.resolve("restart-broker"), "");
                broker = true;
            }
            if (!database && elapsed >= 2 * seconds / 3) {
                database = true;
                if (databaseUrl.startsWith("jdbc:postgresql://127.0.0.1:5432/") && Files.isDirectory(Path.of("/etc/postgresql"))) {
                    say("%s PostgreSQL: restart (pg_ctlcluster %s main restart -m fast)", now(), postgresVersion());
                    Process pg = new ProcessBuilder("pg_ctlcluster", postgresVersion(), "main", "restart", "-m", "fast")
                            .inheritIO().start();
                    assertThat(pg.waitFor()).as("pg_ctlcluster restart").isZero();
                } else {
                    say("%s PostgreSQL: not restarted (only the machine's server, through pg_ctlcluster)", now());
                }
            }
            // a process that has run a minute (one still starting would only be killed again before it serves)
            java.time.Instant aMinuteAgo = java.time.Instant.now().minusSeconds(60);
            List<ProcessHandle> services = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("-SNAPSHOT-exec.jar"))
                    .filter(p -> p.info().startInstant().map(t -> t.isBefore(aMinuteAgo)).orElse(false))
                    .toList();
            if (!services.isEmpty()) {
                ProcessHandle victim = services.get(ThreadLocalRandom.current().nextInt(services.size()));
                String name = victim.info().commandLine().orElse("").replaceAll(".*/([a-z-]+)-0[^ ]*-exec\\.jar.*", "$1");
                say("%s kill -9 %d (%s)", now(), victim.pid(), name);
                if (victim.destroyForcibly()) {
                    kills++;
                }
            }
            assertThat(run.isAlive()).as("the production-shaped run").isTrue();
        }
        long restarts = Files.readAllLines(root.resolve("deploy/target/chaos-run.log")).stream()
                .filter(l -> l.contains("starting it again")).count();
        say("processes killed: %d; restarts seen: %d; broker restarted: %s; PostgreSQL restarted: %s", kills, restarts,
                broker, database);
        for (String name : List.of("load-1", "load-2", "load-declined")) {
            say("%s:", name);
            for (String line : Files.readAllLines(logs.resolve(name + ".txt"))) {
                if (line.matches("^(completed checkouts/s|create |complete |end-to-end|checkouts:|errors|  ).*")) {
                    say("  %s", line);
                }
            }
        }
    }

    /** Until nothing is in progress, no hold is left and every webhook is out (at most 5 minutes). */
    private void settle() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(5000);
            try (Connection c = database(); Statement s = c.createStatement()) {
                long busy = count(s, "select (select count(*) from checkout.session_view where status = 'complete_in_progress')"
                        + " + (select count(*) from pricing.stock_hold)"
                        + " + (select count(*) from orders.webhook_delivery where status <> 'delivered')");
                if (busy == 0) {
                    return;
                }
            } catch (Exception e) {
                // PostgreSQL may still be coming back
            }
        }
    }

    private void check() throws Exception {
        Map<String, String> status = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, List<String>> ordersOf = new HashMap<>();
        long holdsLeft;
        long undelivered;
        List<String> ordersWithoutCreate = new ArrayList<>();
        try (Connection c = database(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select session_id, status, document from checkout.session_view")) {
                while (rs.next()) {
                    status.put(rs.getString(1), rs.getString(2));
                    for (JsonNode t : JSON.readTree(rs.getString(3)).path("quote").path("totals")) {
                        if ("total".equals(t.path("type").asText())) {
                            total.put(rs.getString(1), t.path("amount").asLong());
                        }
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("select session_id, order_id from orders.order_view")) {
                while (rs.next()) {
                    ordersOf.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            holdsLeft = count(s, "select count(*) from pricing.stock_hold");
            undelivered = count(s, "select count(*) from orders.webhook_delivery where status <> 'delivered'");
            try (ResultSet rs = s.executeQuery("select o.order_id from orders.order_view o where not exists (select 1"
                    + " from orders.webhook_delivery w where w.order_id = o.order_id and w.event_type = 'order_create'"
                    + " and w.status = 'delivered')")) {
                while (rs.next()) {
                    ordersWithoutCreate.add(rs.getString(1));
                }
            }
        }
        Map<String, List<JsonNode>> intentsOf = new HashMap<>();
        List<JsonNode> intents = paymentIntents();
        for (JsonNode pi : intents) {
            intentsOf.computeIfAbsent(pi.path("metadata").path("checkout_session_id").asText(), k -> new ArrayList<>())
                    .add(pi);
        }
        Map<String, List<String>> webhooks = agentWebhooks();

        Map<String, Integer> byStatus = new TreeMap<>();
        status.values().forEach(v -> byStatus.merge(v, 1, Integer::sum));
        Map<String, Integer> intentsByStatus = new TreeMap<>();
        intents.forEach(pi -> intentsByStatus.merge(pi.path("status").asText(), 1, Integer::sum));
        long captured = intents.stream().filter(pi -> pi.path("amount_received").asLong() > 0).count();

        Map<String, List<String>> anomalies = new LinkedHashMap<>();
        for (String a : List.of("completed without exactly one order", "completed without exactly one capture of its total",
                "charged without a completed session", "charged twice", "authorization left hanging",
                "still in progress", "orders of no completed session", "orders the agent got no webhook for",
                "orders whose first webhook was not order_create, or with two")) {
            anomalies.put(a, new ArrayList<>());
        }
        for (Map.Entry<String, String> e : status.entrySet()) {
            String session = e.getKey();
            List<JsonNode> pis = intentsOf.getOrDefault(session, List.of());
            List<JsonNode> charged = pis.stream()
                    .filter(pi -> pi.path("amount_received").asLong() > pi.path("amount_refunded").asLong()).toList();
            if (e.getValue().equals("completed")) {
                if (ordersOf.getOrDefault(session, List.of()).size() != 1) {
                    anomalies.get("completed without exactly one order").add(session);
                }
                if (charged.size() != 1 || charged.get(0).path("amount_received").asLong() != total.getOrDefault(session, -1L)) {
                    anomalies.get("completed without exactly one capture of its total").add(session);
                }
            } else if (!charged.isEmpty()) {
                anomalies.get("charged without a completed session").add(session);
            }
            if (charged.size() > 1) {
                anomalies.get("charged twice").add(session);
            }
            if (pis.stream().anyMatch(pi -> pi.path("status").asText().equals("requires_capture"))) {
                anomalies.get("authorization left hanging").add(session);
            }
            if (e.getValue().equals("complete_in_progress")) {
                anomalies.get("still in progress").add(session);
            }
        }
        for (Map.Entry<String, List<String>> e : ordersOf.entrySet()) {
            if (!"completed".equals(status.get(e.getKey()))) {
                anomalies.get("orders of no completed session").addAll(e.getValue());
            }
            for (String order : e.getValue()) {
                List<String> seen = webhooks.get(order);
                if (seen == null) {
                    anomalies.get("orders the agent got no webhook for").add(order);
                } else if (!seen.get(0).equals("order_create") || seen.stream().filter("order_create"::equals).count() != 1) {
                    anomalies.get("orders whose first webhook was not order_create, or with two").add(order);
                }
            }
        }

        say("sessions: %d by status %s", status.size(), byStatus);
        say("orders: %d; PaymentIntents at Stripe: %d by status %s; captured: %d", ordersOf.values().stream()
                .mapToInt(List::size).sum(), intents.size(), intentsByStatus, captured);
        say("webhooks the agent verified: %d orders, %d distinct deliveries", webhooks.size(),
                webhooks.values().stream().mapToInt(List::size).sum());
        say("stock holds left: %d; webhook deliveries not delivered: %d; orders without a delivered order_create: %d",
                holdsLeft, undelivered, ordersWithoutCreate.size());
        anomalies.forEach((what, which) -> say("%-62s %d%s", what + ":", which.size(),
                which.isEmpty() ? "" : " e.g. " + which.subList(0, Math.min(3, which.size()))));

        assertThat(byStatus.getOrDefault("completed", 0)).as("completed sessions").isPositive();
        assertThat(anomalies).allSatisfy((what, which) -> assertThat(which).as(what).isEmpty());
        assertThat(holdsLeft).as("stock holds left").isZero();
        assertThat(undelivered).as("webhook deliveries not delivered").isZero();
        assertThat(ordersWithoutCreate).as("orders without a delivered order_create").isEmpty();
    }

    /** Every PaymentIntent the stand-in holds, through Stripe's list API, page by page. */
    private List<JsonNode> paymentIntents() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        while (true) {
            String url = "http://127.0.0.1:" + ProductionShapedRun.STRIPE_PORT + "/v1/payment_intents?limit=100"
                    + (after == null ? "" : "&starting_after=" + after);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + LocalStack.STRIPE_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(url).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.path("data").forEach(all::add);
            if (!body.path("has_more").asBoolean() || all.isEmpty()) {
                return all;
            }
            after = all.get(all.size() - 1).path("id").asText();
        }
    }

    /** Per order, the distinct webhook events (a redelivery of one Request-Id is one) in the order the agent got them. */
    private Map<String, List<String>> agentWebhooks() throws IOException {
        Map<String, List<String>> types = new HashMap<>();
        Map<String, List<String>> requestIds = new HashMap<>();
        for (String line : Files.readAllLines(logs.resolve("infrastructure.log"))) {
            Matcher m = VERIFIED.matcher(line);
            if (m.find() && !requestIds.computeIfAbsent(m.group(2), k -> new ArrayList<>()).contains(m.group(3))) {
                requestIds.get(m.group(2)).add(m.group(3));
                types.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(1));
            }
        }
        return types;
    }

    private Process benchmark(int port, double perSecond, long seconds, String token, String name) throws IOException {
        return java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), "org.acpmerchant.deploy.CheckoutBenchmark",
                List.of("--base", "http://127.0.0.1:" + port, "--rate", String.valueOf(perSecond), "--warmup", "0",
                        "--duration", String.valueOf(seconds), "--timeout", "20", "--progress", "0", "--spt", token,
                        "--json", logs.resolve(name + ".json").toString()),
                logs.resolve(name + ".txt"));
    }

    private Process java(List<String> jvm, String main, List<String> args, Path output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", jar.toString(), "-Dloader.main=" + main,
                "org.springframework.boot.loader.launch.PropertiesLauncher"));
        command.addAll(args);
        return new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static void awaitLine(Path file, String text, Process process, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            assertThat(process.isAlive()).as("the production-shaped run (see %s)", file).isTrue();
            Thread.sleep(1000);
        }
        throw new AssertionError("not ready in " + timeout + "; see " + file);
    }

    private static String postgresVersion() throws IOException {
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private Connection database() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "postgres"); // Testcontainers' server; the others trust
        return DriverManager.getConnection(databaseUrl, props);
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void say(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println("[chaos] " + line);
    }
}
