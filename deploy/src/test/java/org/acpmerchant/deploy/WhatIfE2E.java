package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What-if re-pricing on the running system: checkouts bought through the ACP API in four US states, re-priced through
 * the console's API (order-service → pricing-service → checkout-api) with a candidate tax table and shipping rate;
 * each figure is checked against the session the agent was shown, and a run of every kind leaves every table of the
 * four services and every Kafka topic exactly as it was.
 */
@ExtendWith(SharedStack.class)
class WhatIfE2E {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ADDRESSES = Map.of(
            "CA", "\"city\": \"San Francisco\", \"state\": \"CA\", \"postal_code\": \"94105\"",
            "NY", "\"city\": \"New York\", \"state\": \"NY\", \"postal_code\": \"10001\"",
            "TX", "\"city\": \"Austin\", \"state\": \"TX\", \"postal_code\": \"73301\"",
            "OR", "\"city\": \"Portland\", \"state\": \"OR\", \"postal_code\": \"97201\"");
    static final List<String> ITEMS = List.of("tee-red-m", "daypack-black", "ebook-trail-guide");

    static LocalStack stack;
    static AcpClient agent;
    static Instant from;
    static Instant to;
    /** session id → the session as the agent last saw it. */
    static final Map<String, JsonNode> completed = new TreeMap<>();
    static final Map<String, JsonNode> open = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.stack();
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        // the stack is shared: the window starts now, after every checkout of the classes before (one clock)
        from = Instant.now();
        List<String> states = List.of("CA", "NY", "TX", "OR");
        for (int i = 0; i < 16; i++) {
            String item = ITEMS.get(i % ITEMS.size());
            String body = """
                    {"currency": "usd", "line_items": [{"id": "%s", "quantity": %d}],
                     "capabilities": {"interventions": {"supported": ["3ds"]}},
                     "buyer": {"first_name": "Ada", "last_name": "Byron", "email": "ada%d@example.com"},
                     "fulfillment_details": {"name": "Ada Byron", "address": {"name": "Ada Byron",
                       "line_one": "1 Main St", "country": "US", %s}}}"""
                    .formatted(item, 1 + i % 2, i, ADDRESSES.get(states.get(i % states.size())));
            AcpClient.Response created = agent.post("/checkout_sessions", body);
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            String id = created.body().get("id").asText();
            if (i % 4 == 3) {
                open.put(id, created.body());
                continue;
            }
            AcpClient.Response done = agent.post("/checkout_sessions/" + id + "/complete",
                    completeBody("spt_test_success"));
            assertThat(done.body().path("status").asText()).as(done.body().toString()).isEqualTo("completed");
            completed.put(id, done.body());
        }
        to = Instant.now().plusSeconds(1);
    }

    static HttpResponse<String> ops(String method, String path, String body, String token, String accept)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + stack.port("order-service") + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String whatIf(String scope, String candidate, int sessions) throws Exception {
        return JSON.createObjectNode().put("from", from.toString()).put("to", to.toString()).put("scope", scope)
                .put("candidate", candidate).put("sessions", sessions).toString();
    }

    static final String CANDIDATE = """
            tax:
              rules:
                - {country: US, region: CA, rate-ppm: 100000, jurisdiction: California, shipping-taxable: false}
                - {country: US, region: NY, rate-ppm: 88750, jurisdiction: New York, shipping-taxable: true}
                - {country: US, region: TX, rate-ppm: 62500, jurisdiction: Texas, shipping-taxable: true}
                - {country: US, region: OR, rate-ppm: 10000, jurisdiction: Oregon}
            """;

    /** A total of a session or of one of its line items (both carry a {@code totals} list). */
    static long amount(JsonNode session, String type) {
        for (JsonNode total : session.path("totals")) {
            if (total.path("type").asText().equals(type)) {
                return total.path("amount").asLong();
            }
        }
        return 0;
    }

    static String state(JsonNode session) {
        return session.at("/fulfillment_details/address/state").asText();
    }

    static long halfUp(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Test
    void aCandidateTaxTable_repricesEachCompletedCheckoutAsComputedFromWhatTheAgentWasShown() throws Exception {
        HttpResponse<String> response = ops("POST", "/ops/what-if", whatIf("completed", CANDIDATE, 1000),
                LocalStack.OPS_OPERATOR_TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        System.out.println("[what-if] " + result.toPrettyString().lines().limit(60).collect(Collectors.joining("\n")));
        assertThat(result.path("sessions").asLong()).isEqualTo(completed.size());

        Map<String, JsonNode> changes = new HashMap<>();
        result.path("largest_changes").forEach(c -> changes.put(c.path("session_id").asText(), c));
        long expectedDelta = 0;
        Map<String, Long> expectedByJurisdiction = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : completed.entrySet()) {
            JsonNode session = entry.getValue();
            String state = state(session);
            long recordedTax = amount(session, "tax");
            long expectedTax = recordedTax;
            if (state.equals("CA")) {
                // California: 10 % of each line's subtotal, shipping untaxed, each line rounded half-up
                expectedTax = 0;
                for (JsonNode line : session.path("line_items")) {
                    expectedTax += halfUp(BigDecimal.valueOf(amount(line, "subtotal"))
                            .multiply(new BigDecimal("0.1")));
                }
            } else if (state.equals("OR")) {
                // Oregon had no sales tax: 1 % of each line now
                expectedTax = 0;
                for (JsonNode line : session.path("line_items")) {
                    expectedTax += halfUp(BigDecimal.valueOf(amount(line, "subtotal"))
                            .multiply(new BigDecimal("0.01")));
                }
            }
            expectedDelta += expectedTax - recordedTax;
            if (expectedTax == recordedTax) {
                assertThat(changes).as(entry.getKey() + " in " + state).doesNotContainKey(entry.getKey());
                continue;
            }
            JsonNode change = changes.get(entry.getKey());
            assertThat(change).as(entry.getKey() + " in " + state).isNotNull();
            assertThat(change.at("/recorded/total").asLong()).isEqualTo(amount(session, "total"));
            assertThat(change.at("/recorded/tax").asLong()).isEqualTo(recordedTax);
            assertThat(change.at("/candidate/tax").asLong()).isEqualTo(expectedTax);
            assertThat(change.at("/candidate/subtotal").asLong()).isEqualTo(amount(session, "subtotal"));
            assertThat(change.at("/candidate/fulfillment").asLong()).isEqualTo(amount(session, "fulfillment"));
            assertThat(change.path("delta_total").asLong()).isEqualTo(expectedTax - recordedTax);
            assertThat(change.path("drift").asBoolean()).isFalse();
            expectedByJurisdiction.merge(state.equals("CA") ? "California" : "Oregon", expectedTax, Long::sum);
        }
        assertThat(expectedDelta).isPositive();
        JsonNode usd = result.path("currencies").get(0);
        assertThat(usd.path("currency").asText()).isEqualTo("usd");
        assertThat(usd.at("/delta/tax").asLong()).isEqualTo(expectedDelta);
        assertThat(usd.at("/delta/total").asLong()).isEqualTo(expectedDelta);
        assertThat(usd.at("/recorded/total").asLong())
                .isEqualTo(completed.values().stream().mapToLong(s -> amount(s, "total")).sum());
        assertThat(usd.path("drifted").asLong()).isZero();
        for (JsonNode j : usd.path("tax_by_jurisdiction")) {
            if (expectedByJurisdiction.containsKey(j.path("jurisdiction").asText())) {
                assertThat(j.path("candidate").asLong()).as(j.toString())
                        .isEqualTo(expectedByJurisdiction.get(j.path("jurisdiction").asText()));
            }
        }

        // every priced session, open ones too; and the CSV has one row per session and the same totals
        JsonNode all = JSON.readTree(ops("POST", "/ops/what-if", whatIf("all", CANDIDATE, 0),
                LocalStack.OPS_OPERATOR_TOKEN, null).body());
        assertThat(all.path("sessions").asLong()).isEqualTo(completed.size() + open.size());
        HttpResponse<String> csv = ops("POST", "/ops/what-if?format=csv", whatIf("completed", CANDIDATE, 0),
                LocalStack.OPS_OPERATOR_TOKEN, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        List<String> rows = csv.body().lines().toList();
        List<String> header = List.of(rows.get(0).split(","));
        assertThat(rows.stream().filter(r -> r.startsWith("session,"))).hasSize(completed.size());
        String total = rows.stream().filter(r -> r.startsWith("total,")).findFirst().orElseThrow();
        assertThat(Long.parseLong(total.split(",", -1)[header.indexOf("delta_total")])).isEqualTo(expectedDelta);
        for (String id : completed.keySet()) {
            assertThat(rows.stream().filter(r -> r.startsWith("session," + id + ",completed,"))).hasSize(1);
        }
    }

    @Test
    void todaysRulesAsTheCandidate_changeNothing_andAnAuditorMayAskToo() throws Exception {
        HttpResponse<String> config = ops("GET", "/ops/what-if/config", null, LocalStack.OPS_AUDITOR_TOKEN, null);
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(config.body()).contains("rate-ppm: 72500", "id: standard", "free-threshold: 5000");
        HttpResponse<String> response = ops("POST", "/ops/what-if", whatIf("all", config.body(), 100),
                LocalStack.OPS_AUDITOR_TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.path("sessions").asLong()).isEqualTo(completed.size() + open.size());
        assertThat(result.path("changed").asLong()).isZero();
        assertThat(result.at("/currencies/0/drifted").asLong()).isZero();
        assertThat(result.at("/currencies/0/delta/total").asLong()).isZero();
        // the action record says who simulated
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> orders.queryForObject("select count(*) from ops_action"
                + " where path = '/ops/what-if' and role = 'auditor' and status = 200", Long.class) >= 1);
    }

    @Test
    void unusableRequests_areRefusedInTheErrorShape_andNoRunOfAnyKindChangesATableOrATopic() throws Exception {
        Map<String, String> before = settled();

        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"{", "$"});
        bad.add(new String[] {"", "$"});
        bad.add(new String[] {"{\"to\": \"" + to + "\", \"candidate\": \"tax: {}\"}", "$.from"});
        bad.add(new String[] {"{\"from\": \"yesterday\", \"to\": \"" + to + "\", \"candidate\": \"tax: {}\"}", "$.from"});
        bad.add(new String[] {"{\"from\": \"" + to + "\", \"to\": \"" + from + "\", \"candidate\": \"x: 1\"}", "$.to"});
        bad.add(new String[] {whatIf("some", CANDIDATE, 1), "$.scope"});
        bad.add(new String[] {whatIf("all", CANDIDATE, -1), "$.sessions"});
        bad.add(new String[] {whatIf("all", "", 1), "$.candidate"});
        bad.add(new String[] {whatIf("all", "tax: [unclosed", 1), "$.candidate"});
        bad.add(new String[] {whatIf("all", "tax:\n  rules:\n    - {country: US, rate-pm: 5}\n", 1), "$.candidate"});
        bad.add(new String[] {whatIf("all", "catalog:\n  feed-dir: /etc\n", 1), "$.candidate"});
        bad.add(new String[] {whatIf("all", "discounts:\n  - {id: d, percent-off: 500}\n", 1), "$.candidate"});
        bad.add(new String[] {whatIf("all", "x".repeat(300_000), 1), "$.candidate"});
        for (String[] b : bad) {
            HttpResponse<String> response = ops("POST", "/ops/what-if", b[0], LocalStack.OPS_OPERATOR_TOKEN, null);
            assertThat(response.statusCode()).as(b[0].length() > 200 ? b[1] : b[0]).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("type").asText()).isEqualTo("invalid_request");
            assertThat(error.path("param").asText()).as(response.body()).isEqualTo(b[1]);
            assertThat(error.path("message").asText()).isNotBlank();
        }
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + stack.port("order-service") + "/ops/what-if"))
                .POST(HttpRequest.BodyPublishers.ofString(whatIf("all", CANDIDATE, 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        // runs of every kind: JSON, CSV, every scope, both roles, straight to pricing and through the console's API
        for (String scope : List.of("completed", "all")) {
            for (String token : List.of(LocalStack.OPS_OPERATOR_TOKEN, LocalStack.OPS_AUDITOR_TOKEN)) {
                assertThat(ops("POST", "/ops/what-if", whatIf(scope, CANDIDATE, 10), token, null).statusCode())
                        .isEqualTo(200);
                assertThat(ops("POST", "/ops/what-if", whatIf(scope, "discounts: []", 10), token, "text/csv")
                        .statusCode()).isEqualTo(200);
            }
        }
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + stack.port("pricing-service") + "/ops/pricing/what-if?format=csv"))
                .header("Authorization", "Bearer " + LocalStack.OPS_OPERATOR_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(whatIf("all", CANDIDATE, 10))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body().lines().filter(l -> l.startsWith("session,"))).hasSize(completed.size() + open.size());

        Map<String, String> after = snapshot();
        assertThat(differences(before, after)).as("what a what-if changed").isEmpty();

        // the comparison can see a change: one real update of an open session moves the event store, the view and
        // the quote topics
        String id = open.keySet().iterator().next();
        AcpClient.Response updated = agent.post("/checkout_sessions/" + id,
                "{\"line_items\": [{\"id\": \"tee-red-m\", \"quantity\": 3}]}");
        assertThat(updated.status()).as(updated.body().toString()).isEqualTo(200);
        Map<String, String> moved = snapshot();
        assertThat(differences(after, moved)).contains("checkout.domain_event_entry", "checkout.session_view")
                .anyMatch(d -> d.startsWith("kafka:"));
    }

    /** The snapshot once nothing moves any more (in-flight webhooks, captures): three equal ones a second apart. */
    static Map<String, String> settled() throws Exception {
        Map<String, String> last = snapshot();
        int same = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (same < 2) {
            assertThat(System.nanoTime()).as("the system settles").isLessThan(deadline);
            Thread.sleep(1_000);
            Map<String, String> next = snapshot();
            same = next.equals(last) ? same + 1 : 0;
            if (same == 0) {
                System.out.println("[what-if] still moving: " + differences(last, next));
            }
            last = next;
        }
        return last;
    }

    static List<String> differences(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(a.keySet())) {
            if (!a.get(key).equals(b.get(key))) {
                keys.add(key);
            }
        }
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /**
     * Every table of the four schemas as an md5 of its rows in order, and every Kafka partition's start and end
     * offsets (a log is append-only: equal offsets are equal bytes). Left out, because they change while nothing
     * happens or record the run itself: the processors' claim owner and time ({@code token_entry} is compared by its
     * tokens), db-scheduler's heartbeat columns, and the ops action log and console sessions.
     */
    static Map<String, String> snapshot() throws Exception {
        JdbcTemplate jdbc = stack.context("checkout-api").getBean(JdbcTemplate.class);
        Map<String, String> hashes = new TreeMap<>();
        List<Map<String, Object>> tables = jdbc.queryForList("select table_schema, table_name from"
                + " information_schema.tables where table_schema in ('checkout', 'pricing', 'payment', 'orders')"
                + " and table_type = 'BASE TABLE'");
        for (Map<String, Object> t : tables) {
            String schema = (String) t.get("table_schema");
            String table = (String) t.get("table_name");
            if (table.equals("ops_action") || table.equals("ops_console_session")) {
                continue;
            }
            String rows = switch (table) {
                case "token_entry" -> "(select processor_name, segment, token_type, token from %s.%s) r";
                case "scheduled_tasks" -> "(select task_name, task_instance, task_data, execution_time from %s.%s) r";
                default -> "%s.%s r";
            };
            String hash = jdbc.queryForObject("select coalesce(md5(string_agg(r::text, '|' order by r::text)), '')"
                    + " from " + rows.formatted(schema, table), String.class);
            hashes.put(schema + "." + table, hash);
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.kafkaBootstrapServers());
        try (Admin kafka = Admin.create(admin)) {
            var topics = kafka.describeTopics(kafka.listTopics().names().get()).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            topics.values().forEach(d -> d.partitions().forEach(p -> {
                latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
            }));
            var ends = kafka.listOffsets(latest).all().get();
            var starts = kafka.listOffsets(earliest).all().get();
            for (TopicPartition p : latest.keySet()) {
                hashes.put("kafka:" + p, starts.get(p).offset() + ".." + ends.get(p).offset());
            }
        }
        return hashes;
    }
}
