package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hostile agent against the running gateway. Two agents share the stack: the default one attacks with well over
 * 600 generated requests (malformed JSON, extreme values in every field of every request, hostile headers, methods,
 * path spellings, state-machine abuse, every API version, carts, MCP and raw HTTP framing) while a second, good agent
 * keeps checking out. Every answer the attacker gets must be below 500, an ACP error object when it is an error, and
 * free of internals; the good agent's sessions must stay invisible and unchanged, and its checkouts must keep
 * succeeding throughout. All problems are collected and reported together.
 */
@ExtendWith(SharedStack.class)
class HostileAgentE2E {

    static final String GOOD_TOKEN = "good_agent_token";
    static final String GOOD_EMAIL = "good.buyer@example.com";
    static final String HOSTILE_TOKEN = LocalStack.DEFAULT_AGENT_TOKEN;
    /** What the attacker's own sessions hold (a shipped item; the good agent's loop buys the e-book). */
    static final String HOSTILE_ITEM = "daypack-black";
    static final String CANONICAL = "2026-04-17";
    static final List<String> VERSIONS = List.of("2025-09-29", "2025-12-12", "2026-01-16", "2026-01-30", "2026-04-17");
    static final List<String> LEAKS = List.of("Exception", "at org.", "at java.", "java.lang", "SQL", "postgres",
            "org.springframework", "<html", "Tomcat", "stack");
    static final List<String> INJECTIONS = List.of("' OR 1=1--", "<script>alert(1)</script>", "{{7*7}}",
            "${jndi:ldap://x/a}", "../../etc/passwd", "%00");
    /** Replaced by a fresh UUID wherever it appears in a header value or a body, at send time. */
    static final String KEY = "{KEY}";
    /** Placeholder for a field value while a body is built; replaced by a raw JSON literal. */
    static final String MARK = "__HOSTILE_VALUE__";
    /** Below the agent's default limit (200 requests per second): a 429 is then a defect too. */
    static final long PACE_NANOS = 6_000_000L;
    /** Between the good agent's checkouts: a few a second, each timed. */
    static final long GOOD_AGENT_PAUSE_MILLIS = 200;
    static final Set<String> SETTLED = Set.of("completed", "canceled", "complete_in_progress");

    static final ObjectMapper JSON = new ObjectMapper();
    static LocalStack stack;
    static String gateway;
    static int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Placeholder ({H}, {G0}, …) → the id it stands for now. */
    final Map<String, String> ids = new HashMap<>();
    final List<String> failures = new ArrayList<>();
    final Map<String, TreeMap<String, Integer>> statuses = new LinkedHashMap<>();
    final List<Req> sampleable = new ArrayList<>();
    /** One line per request (family, label, answer), written to target/hostile-agent-requests.log. */
    final List<String> journal = new ArrayList<>();
    int total;
    long nextSlot;
    AcpClient hostileClient;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SharedStack.stack();
        gateway = stack.gatewayUrl();
        port = stack.port("checkout-api");
    }

    @Test
    void hostileAgent_getsOnlyAcpErrors_andNeitherSeesNorSlowsTheGoodAgent() throws Exception {
        AcpClient good = new AcpClient(gateway, GOOD_TOKEN);

        // 2. The good agent's baseline: three sessions (one completed) and a cart, as they read before the attack.
        List<String> goodSessions = new ArrayList<>();
        for (String item : List.of("ebook-trail-guide", "tee-red-m", "daypack-black")) {
            AcpClient.Response created = good.post("/checkout_sessions", goodCreate(item));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            goodSessions.add(created.body().path("id").asText());
        }
        AcpClient.Response completed = good.post("/checkout_sessions/" + goodSessions.get(0) + "/complete",
                completeBody("spt_test_success"));
        assertThat(completed.body().path("status").asText()).as(completed.body().toString()).isEqualTo("completed");
        String orderId = completed.body().at("/order/id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId) && "confirmed".equals(d.status())));
        AcpClient.Response goodCart = good.post("/carts", "{\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":1}],"
                + "\"buyer\":{\"email\":\"" + GOOD_EMAIL + "\"}}");
        assertThat(goodCart.status()).as(goodCart.body().toString()).isEqualTo(201);
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (int i = 0; i < goodSessions.size(); i++) {
            ids.put("{G" + i + "}", goodSessions.get(i));
            before.put("/checkout_sessions/" + goodSessions.get(i), good.get("/checkout_sessions/" + goodSessions.get(i)).body());
        }
        ids.put("{GCART}", goodCart.body().path("id").asText());
        before.put("/carts/" + ids.get("{GCART}"), good.get("/carts/" + ids.get("{GCART}")).body());

        // The attacker's own targets.
        ids.put("{H}", newHostileSession());
        ids.put("{C}", newHostileSession());
        ids.put("{M}", newHostileSession());
        ids.put("{CART}", newHostileCart());

        // 4. The good agent keeps checking out while the attack runs.
        AtomicBoolean attackOver = new AtomicBoolean();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> goodFailures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger goodCheckouts = new AtomicInteger();
        Thread goodLoop = new Thread(() -> goodAgentLoop(attackOver, latencies, goodFailures, goodCheckouts),
                "good-agent-loop");
        goodLoop.start();

        // 3. The attack, family after family; a family cut short by an exception is a failure, the others still run.
        Map<String, Family> families = new LinkedHashMap<>();
        families.put("malformed-json", this::malformedJson);
        families.put("create-fields", this::createFields);
        families.put("complete-fields", this::completeFields);
        families.put("update-fields", this::updateFields);
        families.put("headers", this::headers);
        families.put("methods", this::methods);
        families.put("paths", this::paths);
        families.put("state-machine", this::stateMachine);
        families.put("cross-agent", this::crossAgent);
        families.put("carts", this::carts);
        families.put("mcp", this::mcp);
        families.put("versions", this::versions);
        families.put("framing", this::framing);
        long attackStarted = System.nanoTime();
        try {
            families.forEach((name, family) -> {
                long started = System.nanoTime();
                try {
                    family.run();
                } catch (Exception | AssertionError e) {
                    failures.add("[" + name + "] cut short: " + e);
                }
                System.out.printf("[hostile] %s took %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
            });
        } finally {
            attackOver.set(true);
            goodLoop.join(90_000);
        }
        long attackMillis = Duration.ofNanos(System.nanoTime() - attackStarted).toMillis();

        statuses.forEach((family, counts) -> System.out.printf("[hostile] %s: %d requests, statuses %s%n", family,
                counts.values().stream().mapToInt(Integer::intValue).sum(), counts));
        System.out.printf("[hostile] total: %d requests in %d ms%n", total, attackMillis);
        java.nio.file.Path journalFile = java.nio.file.Path.of("target", "hostile-agent-requests.log");
        java.nio.file.Files.createDirectories(journalFile.getParent());
        java.nio.file.Files.write(journalFile, journal, StandardCharsets.UTF_8);
        System.out.println("[hostile] every request and its answer: " + journalFile.toAbsolutePath());
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        System.out.printf("[good agent] %d checkouts during the attack, %d requests, latency median %d ms, max %d ms%n",
                goodCheckouts.get(), sorted.size(), sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));

        // 5. After the attack: the good agent's data exactly as before, and a normal checkout still completes.
        for (Map.Entry<String, JsonNode> entry : before.entrySet()) {
            AcpClient.Response after = good.get(entry.getKey());
            if (after.status() != 200 || !after.body().equals(entry.getValue())) {
                failures.add("[after attack] GET " + entry.getKey() + " changed: before " + entry.getValue()
                        + " | after " + after.status() + " " + after.body());
            }
        }
        AcpClient.Response finalCreate = good.post("/checkout_sessions", goodCreate("daypack-black"));
        AcpClient.Response finalComplete = finalCreate.status() != 201 ? finalCreate
                : good.post("/checkout_sessions/" + finalCreate.body().path("id").asText() + "/complete",
                        completeBody("spt_test_success"));
        if (!"completed".equals(finalComplete.body().path("status").asText())) {
            failures.add("[after attack] a normal checkout did not complete: " + finalComplete.status() + " "
                    + finalComplete.body());
        }

        failures.forEach(f -> System.out.println("[hostile] FAILURE " + f));
        goodFailures.forEach(f -> System.out.println("[good agent] FAILURE " + f));
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(total).as("hostile requests sent").isGreaterThanOrEqualTo(600);
            softly.assertThat(goodLoop.isAlive()).as("the good agent's loop still running").isFalse();
            softly.assertThat(goodCheckouts.get()).as("good checkouts during the attack").isPositive();
            softly.assertThat(goodFailures).as(goodFailures.size() + " good-agent failures during the attack (printed above)")
                    .isEmpty();
            softly.assertThat(failures).as(failures.size() + " problems (printed above)").isEmpty();
        });
    }

    /** One family of hostile requests. */
    interface Family {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Families
    // ---------------------------------------------------------------------------------------------------------------

    /** Malformed bodies × each POST endpoint. */
    void malformedJson() {
        String family = "malformed-json";
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        endpoints.put("create", new String[] {"/checkout_sessions", hostileCreate(), null});
        endpoints.put("update", new String[] {"/checkout_sessions/{H}", "{\"order_notes\":\"hello\"}", "{H}"});
        endpoints.put("complete", new String[] {"/checkout_sessions/{H}/complete", completeBody("spt_test_decline"), "{H}"});
        endpoints.put("cancel", new String[] {"/checkout_sessions/{C}/cancel",
            "{\"intent_trace\":{\"reason_code\":\"price_sensitivity\",\"trace_summary\":\"x\"}}", null});
        endpoints.put("cart", new String[] {"/carts", cartBody(), null});
        ids.put("{H}", newHostileSession());
        endpoints.forEach((endpoint, e) -> malformed(e[1]).forEach((variant, body) -> {
            Req req = hostile(family, endpoint + " / " + variant, "POST", e[0], body);
            req.refresh = e[2];
            runSampled(req);
        }));
    }

    /** Every field of the create request × every extreme value. */
    void createFields() throws Exception {
        String family = "create-fields";
        ObjectNode base = (ObjectNode) JSON.readTree(hostileCreate());
        base.put("order_notes", "Leave it at the door");
        base.put("locale", "en-US");
        base.putObject("metadata").put("campaign", "spring");
        Req sanity = hostile(family, "valid base", "POST", "/checkout_sessions", bytes(base.toString()));
        sanity.checks.add(statusIn(201));
        run(sanity);
        List<String> fields = List.of("currency", "capabilities", "line_items", "line_items[0].id",
                "line_items[0].quantity", "buyer.first_name", "buyer.last_name", "buyer.email", "buyer.phone_number",
                "fulfillment_details.name", "fulfillment_details.email", "fulfillment_details.address.line_one",
                "fulfillment_details.address.city", "fulfillment_details.address.state",
                "fulfillment_details.address.country", "fulfillment_details.address.postal_code", "order_notes",
                "locale", "metadata", "discounts", "discounts.codes");
        for (String field : fields) {
            extremes().forEach((variant, literal) -> runSampled(hostile(family, field + " = " + variant, "POST",
                    "/checkout_sessions", withValue(base.toString(), field, literal))));
        }
    }

    /** The complete request's fields × every extreme value, and hostile tokens, against one attack session. */
    void completeFields() {
        String family = "complete-fields";
        ids.put("{H}", newHostileSession());
        String base = completeBody("spt_test_decline");
        Req sanity = hostile(family, "valid base (declined)", "POST", "/checkout_sessions/{H}/complete", bytes(base));
        sanity.checks.add(statusIn(200));
        run(sanity);
        for (String field : List.of("payment_data", "payment_data.handler_id", "payment_data.instrument",
                "payment_data.instrument.type", "payment_data.instrument.credential",
                "payment_data.instrument.credential.type", "payment_data.instrument.credential.token")) {
            extremes().forEach((variant, literal) -> {
                Req req = hostile(family, field + " = " + variant, "POST", "/checkout_sessions/{H}/complete",
                        withValue(base, field, literal));
                req.refresh = "{H}";
                runSampled(req);
            });
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("NUL", "\"spt_test_success\\u0000\"");
        tokens.put("RTL override", "\"spt_\\u202etest_success\"");
        tokens.put("JSON in string", quote("{\"token\":\"spt_test_success\"}"));
        tokens.put("600 chars", quote("spt_" + "a".repeat(596)));
        tokens.put("500 chars", quote("spt_" + "a".repeat(496)));
        tokens.put("upper case", quote("SPT_TEST_SUCCESS"));
        tokens.put("trailing newline", "\"spt_test_decline\\n\"");
        tokens.put("CRLF header injection", "\"spt_test_decline\\r\\nX-Injected: 1\"");
        tokens.put("sk_ secret key", quote("sk_test_local_stand_in"));
        tokens.put("unicode lookalike", quote("spt_test_ѕuccess"));
        tokens.forEach((variant, literal) -> {
            Req req = hostile(family, "credential.token " + variant, "POST", "/checkout_sessions/{H}/complete",
                    withValue(base, "payment_data.instrument.credential.token", literal));
            req.refresh = "{H}";
            run(req);
        });
    }

    /** The update request's fields (explicit nulls included) × every extreme value, against one attack session. */
    void updateFields() {
        String family = "update-fields";
        ids.put("{H}", newHostileSession());
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("buyer", "{\"first_name\":\"Eve\",\"last_name\":\"Doe\",\"email\":\"eve@example.com\"}");
        valid.put("fulfillment_details", "{\"name\":\"Eve Doe\",\"address\":{\"name\":\"Eve Doe\",\"line_one\":"
                + "\"1 Market St\",\"city\":\"San Francisco\",\"state\":\"CA\",\"country\":\"US\","
                + "\"postal_code\":\"94105\"}}");
        valid.put("selected_fulfillment_options",
                "[{\"type\":\"shipping\",\"option_id\":\"standard\",\"item_ids\":[\"" + HOSTILE_ITEM + "\"]}]");
        valid.put("line_items", "[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}]");
        valid.put("order_notes", "\"hello\"");
        valid.forEach((field, value) -> {
            Req sanity = hostile(family, "valid " + field, "POST", "/checkout_sessions/{H}", bytes("{\"" + field
                    + "\":" + value + "}"));
            sanity.checks.add(statusIn(200));
            run(sanity);
        });
        for (String path : List.of("buyer", "buyer.email", "fulfillment_details", "fulfillment_details.address.country",
                "selected_fulfillment_options", "selected_fulfillment_options[0].option_id", "line_items",
                "line_items[0].quantity", "order_notes")) {
            String top = path.replaceAll("[.\\[].*", "");
            String base = "{\"" + top + "\":" + valid.get(top) + "}";
            extremes().forEach((variant, literal) -> {
                Req req = hostile(family, path + " = " + variant, "POST", "/checkout_sessions/{H}",
                        withValue(base, path, literal));
                req.refresh = "{H}";
                runSampled(req);
            });
        }
        Req allNull = hostile(family, "every field null", "POST", "/checkout_sessions/{H}", bytes(
                "{\"buyer\":null,\"fulfillment_details\":null,\"selected_fulfillment_options\":null,"
                        + "\"line_items\":null,\"order_notes\":null,\"discounts\":null}"));
        allNull.refresh = "{H}";
        run(allNull);
    }

    /** Authorization, API-Version, Idempotency-Key, Content-Type, Accept and Request-Id variants on each endpoint. */
    void headers() {
        String family = "headers";
        ids.put("{H}", newHostileSession());
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        endpoints.put("create", new String[] {"POST", "/checkout_sessions", hostileCreate()});
        endpoints.put("get", new String[] {"GET", "/checkout_sessions/{H}", null});
        endpoints.put("update", new String[] {"POST", "/checkout_sessions/{H}", "{\"order_notes\":\"hi\"}"});
        endpoints.put("complete", new String[] {"POST", "/checkout_sessions/{H}/complete", completeBody("spt_test_decline")});
        endpoints.put("cancel", new String[] {"POST", "/checkout_sessions/{C}/cancel", "{}"});
        endpoints.put("cart", new String[] {"POST", "/carts", cartBody()});
        String basic = "Basic " + Base64.getEncoder().encodeToString(("local-agent:" + HOSTILE_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        // label → {header, value (null = absent), expectation: 401 / 400 / "" (any answer below 500)}
        List<String[]> variants = new ArrayList<>();
        variants.add(new String[] {"no Authorization", "Authorization", null, "401"});
        variants.add(new String[] {"wrong token", "Authorization", "Bearer not_the_token", "401"});
        variants.add(new String[] {"empty Bearer", "Authorization", "Bearer ", "401"});
        variants.add(new String[] {"Bearer only", "Authorization", "Bearer", "401"});
        variants.add(new String[] {"lowercase bearer", "Authorization", "bearer " + HOSTILE_TOKEN, ""});
        variants.add(new String[] {"Basic auth", "Authorization", basic, "401"});
        variants.add(new String[] {"token without scheme", "Authorization", HOSTILE_TOKEN, "401"});
        variants.add(new String[] {"token with suffix", "Authorization", "Bearer " + HOSTILE_TOKEN + "x", "401"});
        variants.add(new String[] {"token prefix", "Authorization", "Bearer " + HOSTILE_TOKEN.substring(0, 10), "401"});
        variants.add(new String[] {"two tokens", "Authorization", "Bearer " + HOSTILE_TOKEN + ", Bearer x", "401"});
        variants.add(new String[] {"300-char token", "Authorization", "Bearer " + "t".repeat(300), "401"});
        variants.add(new String[] {"API-Version missing", "API-Version", null, "400"});
        variants.add(new String[] {"API-Version old", "API-Version", "2024-01-01", "400"});
        variants.add(new String[] {"API-Version future", "API-Version", "2099-12-31", "400"});
        variants.add(new String[] {"API-Version garbage", "API-Version", "garbage", "400"});
        variants.add(new String[] {"API-Version 300 chars", "API-Version", "2".repeat(300), "400"});
        variants.add(new String[] {"API-Version list", "API-Version", "2026-04-17, 2025-09-29", "400"});
        variants.add(new String[] {"API-Version injection", "API-Version", "<script>alert(1)</script>", "400"});
        variants.add(new String[] {"Idempotency-Key missing", "Idempotency-Key", null, "400post"});
        variants.add(new String[] {"Idempotency-Key empty", "Idempotency-Key", "", "400post"});
        variants.add(new String[] {"Idempotency-Key 300 chars", "Idempotency-Key", "k".repeat(300), "400post"});
        variants.add(new String[] {"Idempotency-Key with spaces", "Idempotency-Key", "a key with spaces " + KEY, ""});
        variants.add(new String[] {"Idempotency-Key injection", "Idempotency-Key", "' OR 1=1-- " + KEY, ""});
        variants.add(new String[] {"Content-Type text/plain", "Content-Type", "text/plain", ""});
        variants.add(new String[] {"Content-Type application/xml", "Content-Type", "application/xml", ""});
        variants.add(new String[] {"Content-Type utf-16 charset", "Content-Type", "application/json; charset=utf-16", ""});
        variants.add(new String[] {"Content-Type multipart", "Content-Type", "multipart/form-data; boundary=x", ""});
        variants.add(new String[] {"Content-Type missing", "Content-Type", null, ""});
        variants.add(new String[] {"Accept text/html", "Accept", "text/html", ""});
        variants.add(new String[] {"Accept application/xml", "Accept", "application/xml", ""});
        variants.add(new String[] {"Request-Id 500 chars", "Request-Id", "r".repeat(500), "noecho"});
        variants.add(new String[] {"Request-Id injection", "Request-Id", "<script>alert(1)</script>", ""});
        endpoints.forEach((endpoint, e) -> {
            for (String[] v : variants) {
                Req req = hostile(family, endpoint + " / " + v[0], e[0], e[1], e[2] == null ? null : bytes(e[2]));
                req.header(v[1], v[2]);
                req.refresh = e[1].contains("{H}") ? "{H}" : null;
                switch (v[3]) {
                    case "401" -> req.checks.add(statusIn(401));
                    case "400" -> req.checks.add(statusIn(400));
                    case "400post" -> {
                        if (e[0].equals("POST")) {
                            req.checks.add(statusIn(400));
                        }
                    }
                    case "noecho" -> req.checks.add(r -> r.header("request-id") != null
                            && r.header("request-id").length() > 200 ? "echoes a 500-char Request-Id" : null);
                    default -> { }
                }
                Res res = run(req);
                if (!v[1].equals("API-Version") && !v[1].equals("Authorization") && res != null) {
                    sample(req);
                }
            }
        });
    }

    /** Other methods on every ACP path; GET on POST-only paths; operator paths with the agent's token. */
    void methods() {
        String family = "methods";
        ids.put("{H}", newHostileSession());
        List<String> paths = List.of("/checkout_sessions", "/checkout_sessions/{H}", "/checkout_sessions/{H}/complete",
                "/checkout_sessions/{H}/cancel", "/checkout_sessions/{G1}", "/checkout_sessions/{G1}/cancel",
                "/carts", "/carts/{CART}", "/carts/{CART}/cancel", "/carts/{GCART}", "/mcp", "/.well-known/acp.json");
        for (String path : paths) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")) {
                Req req = hostile(family, method + " " + path, method, path,
                        method.equals("PUT") || method.equals("PATCH") ? bytes(hostileCreate()) : null);
                if (path.contains("{G") && !method.equals("OPTIONS")) {
                    req.checks.add(notSuccess());
                }
                runSampled(req);
            }
        }
        for (String path : List.of("/checkout_sessions", "/checkout_sessions/{H}/complete",
                "/checkout_sessions/{H}/cancel", "/carts", "/carts/{CART}/cancel", "/mcp", "/error", "/nope")) {
            runSampled(hostile(family, "GET " + path, "GET", path, null));
        }
        run(hostile(family, "POST /error", "POST", "/error", bytes("{}")));
        for (String path : List.of("/actuator/env", "/actuator/heapdump", "/actuator/configprops", "/actuator/beans",
                "/actuator/loggers", "/actuator/threaddump", "/ops/events?session_id={G1}",
                "/ops/audit?session_id={G1}")) {
            Req req = hostile(family, "agent token on GET " + path, "GET", path, null);
            req.checks.add(r -> r.status < 400 ? "an agent token reached an operator endpoint" : null);
            run(req);
        }
    }

    /** Spellings of an existing session's path (good agent's and own) and ids of every shape, on a raw socket. */
    void paths() {
        String family = "paths";
        ids.put("{H}", newHostileSession());
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("good", ids.get("{G1}"));
        owners.put("own", ids.get("{H}"));
        owners.forEach((owner, id) -> {
            Map<String, String> spellings = new LinkedHashMap<>();
            spellings.put("trailing slash", "/checkout_sessions/" + id + "/");
            spellings.put("double leading slash", "//checkout_sessions/" + id);
            spellings.put("//checkout_sessions/..", "//checkout_sessions/../checkout_sessions/" + id);
            spellings.put("dot-dot", "/checkout_sessions/../checkout_sessions/" + id);
            spellings.put("dot segment", "/checkout_sessions/./" + id);
            spellings.put("%63 encoded", "/%63heckout_sessions/" + id);
            spellings.put(";jsessionid", "/checkout_sessions/" + id + ";jsessionid=x");
            spellings.put("matrix parameter", "/checkout_sessions;x=1/" + id);
            spellings.put("upper-case path", "/CHECKOUT_SESSIONS/" + id);
            spellings.put("upper-case id", "/checkout_sessions/" + id.toUpperCase(Locale.ROOT));
            spellings.put("%2e%2e", "/checkout_sessions/%2e%2e/checkout_sessions/" + id);
            spellings.put("%2F", "/checkout_sessions%2F" + id);
            spellings.put("percent-encoded id", "/checkout_sessions/" + percentEncode(id));
            spellings.put("backslash", "/checkout_sessions\\" + id);
            spellings.put("%00 suffix", "/checkout_sessions/" + id + "%00");
            spellings.put("query", "/checkout_sessions/" + id + "?id=x");
            spellings.put("fragment", "/checkout_sessions/" + id + "#x");
            spellings.put("id + suffix", "/checkout_sessions/" + id + "x");
            spellings.forEach((label, path) -> {
                for (String method : List.of("GET", "POST")) {
                    Req req = hostile(family, owner + " session / " + label + " / " + method, method, path,
                            method.equals("POST") ? bytes("{\"order_notes\":\"x\"}") : null);
                    req.raw = true;
                    if (owner.equals("good")) {
                        req.checks.add(notSuccess());
                    }
                    run(req);
                }
            });
            for (String label : List.of("%63 encoded", "trailing slash", "double leading slash")) {
                Req req = hostile(family, owner + " session / " + label + " / no token", "GET",
                        spellings.get(label), null);
                req.raw = true;
                req.header("Authorization", null);
                req.checks.add(notSuccess());
                run(req);
            }
        });
        Map<String, String> badIds = new LinkedHashMap<>();
        badIds.put("65 chars", "cs_" + "a".repeat(62));
        badIds.put("1000 chars", "cs_" + "a".repeat(997));
        badIds.put("unicode", "cs_café");
        badIds.put("CJK", "cs_日本語");
        badIds.put("emoji", "cs_🛒");
        badIds.put("double quote", "cs_\"x");
        badIds.put("single quote", "cs_'x");
        badIds.put("angle brackets", "cs_<script>");
        badIds.put("encoded space", "cs_%20x");
        badIds.put("encoded CRLF", "cs_x%0d%0aSet-Cookie:%20a=b");
        badIds.put("empty", "");
        badIds.put("dot", ".");
        badIds.put("injection", "'%20OR%201=1--");
        for (Map.Entry<String, String> bad : badIds.entrySet()) {
            for (String suffix : List.of("", "/complete", "/cancel")) {
                for (String method : suffix.isEmpty() ? List.of("GET", "POST") : List.of("POST")) {
                    Req req = hostile(family, "id " + bad.getKey() + suffix + " / " + method, method,
                            "/checkout_sessions/" + bad.getValue() + suffix, method.equals("POST") ? bytes("{}") : null);
                    req.raw = true;
                    req.checks.add(notSuccess());
                    run(req);
                }
            }
            Req cart = hostile(family, "cart id " + bad.getKey(), "GET", "/carts/" + bad.getValue(), null);
            cart.raw = true;
            cart.checks.add(notSuccess());
            run(cart);
        }
    }

    /** Operations on sessions that no longer allow them, idempotency-key reuse, and a double charge attempt. */
    void stateMachine() {
        String family = "state-machine";
        for (String state : List.of("completed", "canceled", "declined")) {
            String id = newHostileSession();
            ids.put("{S}", id);
            Req setup = hostile(family, state + " / setup", "POST", "/checkout_sessions/{S}" + switch (state) {
                case "completed" -> "/complete";
                case "canceled" -> "/cancel";
                default -> "/complete";
            }, bytes(switch (state) {
                case "completed" -> completeBody("spt_test_success");
                case "canceled" -> "{}";
                default -> completeBody("spt_test_decline");
            }));
            setup.checks.add(statusIn(200));
            run(setup);
            Map<String, String[]> ops = new LinkedHashMap<>();
            ops.put("complete again", new String[] {"/checkout_sessions/{S}/complete", completeBody("spt_test_success")});
            ops.put("complete declined token", new String[] {"/checkout_sessions/{S}/complete", completeBody("spt_test_decline")});
            ops.put("complete 3ds token", new String[] {"/checkout_sessions/{S}/complete", completeBody("spt_test_3ds_required")});
            ops.put("cancel", new String[] {"/checkout_sessions/{S}/cancel", "{}"});
            ops.put("update notes", new String[] {"/checkout_sessions/{S}", "{\"order_notes\":\"late\"}"});
            ops.put("update items", new String[] {"/checkout_sessions/{S}", "{\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":3}]}"});
            for (Map.Entry<String, String[]> op : ops.entrySet()) {
                if (state.equals("declined") && !op.getKey().startsWith("complete declined")) {
                    continue;
                }
                Req req = hostile(family, state + " / " + op.getKey(), "POST", op.getValue()[0], bytes(op.getValue()[1]));
                if (!state.equals("declined") && !(state.equals("completed") && op.getKey().equals("complete again"))) {
                    req.checks.add(notSuccess());
                }
                run(req);
            }
            Req get = hostile(family, state + " / get after abuse", "GET", "/checkout_sessions/{S}", null);
            String expected = state.equals("declined") ? "ready_for_payment" : state;
            get.checks.add(r -> expected.equals(r.jsonPath("status")) ? null
                    : "status is " + r.jsonPath("status") + ", expected " + expected);
            run(get);
            if (state.equals("completed")) {
                int charges = stack.stripe().successfulPaymentIntents(id);
                if (charges != 1) {
                    failures.add("[" + family + " / completed] session " + id + " was charged " + charges + " times");
                }
            }
        }
        // Idempotency keys reused with another body, another path, another version, another agent's key space.
        String id = newHostileSession();
        ids.put("{S}", id);
        String key = "hostile-key-" + UUID.randomUUID();
        Req first = hostile(family, "key reuse / first", "POST", "/checkout_sessions/{S}", bytes("{\"order_notes\":\"one\"}"));
        first.header("Idempotency-Key", key);
        first.checks.add(statusIn(200));
        run(first);
        Map<String, String[]> reuses = new LinkedHashMap<>();
        reuses.put("same body (replay)", new String[] {"/checkout_sessions/{S}", "{\"order_notes\":\"one\"}", CANONICAL});
        reuses.put("other body", new String[] {"/checkout_sessions/{S}", "{\"order_notes\":\"two\"}", CANONICAL});
        reuses.put("other path", new String[] {"/checkout_sessions/{S}/cancel", "{\"order_notes\":\"one\"}", CANONICAL});
        reuses.put("other version", new String[] {"/checkout_sessions/{S}", "{\"order_notes\":\"one\"}", "2026-01-30"});
        reuses.put("on a good session", new String[] {"/checkout_sessions/{G1}", "{\"order_notes\":\"one\"}", CANONICAL});
        reuses.forEach((label, r) -> {
            Req req = hostile(family, "key reuse / " + label, "POST", r[0], bytes(r[1]));
            req.header("Idempotency-Key", key).header("API-Version", r[2]);
            if (label.equals("other body")) {
                req.checks.add(statusIn(422));
            }
            if (label.equals("on a good session")) {
                req.checks.add(notSuccess());
            }
            run(req);
        });
    }

    /**
     * The attacker on the good agent's sessions and cart, in every API version and over MCP: always the answer a
     * random id of the same form gets (status and body, the id aside), never the good agent's data.
     */
    void crossAgent() {
        String family = "cross-agent";
        Map<String, String[]> ops = new LinkedHashMap<>();
        ops.put("get", new String[] {"GET", "", null});
        ops.put("update", new String[] {"POST", "", "{\"order_notes\":\"mine now\"}"});
        ops.put("update malformed", new String[] {"POST", "", "{\"order_notes\":"});
        ops.put("complete", new String[] {"POST", "/complete", completeBody("spt_test_success")});
        ops.put("cancel", new String[] {"POST", "/cancel", ""});
        ops.put("cancel with trace", new String[] {"POST", "/cancel",
            "{\"intent_trace\":{\"reason_code\":\"other\",\"trace_summary\":\"x\"}}"});
        for (int g = 0; g < 3; g++) {
            String goodId = ids.get("{G" + g + "}");
            for (String version : VERSIONS) {
                for (Map.Entry<String, String[]> op : ops.entrySet()) {
                    String[] o = op.getValue();
                    String randomId = "cs_" + UUID.randomUUID().toString().replace("-", "");
                    String label = "good session " + g + " / " + op.getKey() + " / " + version;
                    Req onGood = hostile(family, label, o[0], "/checkout_sessions/" + goodId + o[1],
                            o[2] == null ? null : bytes(o[2]));
                    onGood.header("API-Version", version);
                    onGood.checks.add(notSuccess());
                    if (op.getKey().equals("get") || version.equals(CANONICAL) && !op.getKey().endsWith("malformed")) {
                        onGood.checks.add(codeIn(404, "session_not_found"));
                    }
                    Req onRandom = hostile(family, label + " (random id)", o[0], "/checkout_sessions/" + randomId + o[1],
                            o[2] == null ? null : bytes(o[2]));
                    onRandom.header("API-Version", version);
                    compare(onGood, run(onGood), goodId, run(onRandom), randomId);
                }
            }
            for (String tool : List.of("get_checkout_session", "update_checkout_session", "complete_checkout_session",
                    "cancel_checkout_session")) {
                String payload = switch (tool) {
                    case "update_checkout_session" -> ",\"payload\":{\"order_notes\":\"mine\"}";
                    case "complete_checkout_session" -> ",\"payload\":" + completeBody("spt_test_success");
                    default -> "";
                };
                String randomId = "cs_" + UUID.randomUUID().toString().replace("-", "");
                Req onGood = mcpReq(family, "MCP " + tool + " on good session " + g, toolCall(tool, goodId, payload));
                onGood.checks.add(r -> "session_not_found".equals(r.jsonPath("error", "data", "code")) ? null
                        : "expected a session_not_found JSON-RPC error");
                Req onRandom = mcpReq(family, "MCP " + tool + " on a random id", toolCall(tool, randomId, payload));
                compare(onGood, run(onGood), goodId, run(onRandom), randomId);
            }
        }
        String goodCart = ids.get("{GCART}");
        for (String[] op : List.of(new String[] {"GET", "", null}, new String[] {"PUT", "", cartBody()},
                new String[] {"POST", "/cancel", "{}"})) {
            String randomId = "cart_" + UUID.randomUUID().toString().replace("-", "");
            Req onGood = hostile(family, "good cart / " + op[0] + op[1], op[0], "/carts/" + goodCart + op[1],
                    op[2] == null ? null : bytes(op[2]));
            onGood.checks.add(codeIn(404, "not_found"));
            Req onRandom = hostile(family, "random cart / " + op[0] + op[1], op[0], "/carts/" + randomId + op[1],
                    op[2] == null ? null : bytes(op[2]));
            compare(onGood, run(onGood), goodCart, run(onRandom), randomId);
        }
    }

    /** The cart API with malformed bodies and extreme values, and old versions. */
    void carts() {
        String family = "carts";
        ids.put("{CART}", newHostileCart());
        Req sanity = hostile(family, "valid cart", "POST", "/carts", bytes(cartBody()));
        sanity.checks.add(statusIn(201));
        run(sanity);
        for (String[] endpoint : List.of(new String[] {"PUT", "/carts/{CART}"}, new String[] {"POST", "/carts"},
                new String[] {"POST", "/carts/{CART}/cancel"})) {
            malformed(cartBody()).forEach((variant, body) -> runSampled(hostile(family,
                    endpoint[0] + " " + endpoint[1] + " / " + variant, endpoint[0], endpoint[1], body)));
        }
        for (String field : List.of("line_items", "line_items[0].id", "line_items[0].quantity", "buyer", "buyer.email")) {
            extremes().forEach((variant, literal) -> runSampled(hostile(family, "POST /carts " + field + " = " + variant,
                    "POST", "/carts", withValue(cartBody(), field, literal))));
        }
        for (String version : VERSIONS) {
            for (String[] endpoint : List.of(new String[] {"POST", "/carts"}, new String[] {"GET", "/carts/{CART}"},
                    new String[] {"PUT", "/carts/{CART}"})) {
                Req req = hostile(family, endpoint[0] + " " + endpoint[1] + " / " + version, endpoint[0], endpoint[1],
                        endpoint[0].equals("GET") ? null : bytes(cartBody()));
                req.header("API-Version", version);
                run(req);
            }
        }
        for (String id : List.of("{CART}", "{GCART}", "cart_" + "x".repeat(70), "cs_notacart")) {
            for (String[] op : List.of(new String[] {"GET", ""}, new String[] {"PUT", ""}, new String[] {"POST", "/cancel"})) {
                Req req = hostile(family, op[0] + " cart " + id + op[1], op[0], "/carts/" + id + op[1],
                        op[0].equals("GET") ? null : bytes("{\"line_items\":[]}"));
                if (!id.equals("{CART}")) {
                    req.checks.add(notSuccess());
                }
                run(req);
            }
        }
    }

    /** JSON-RPC 2.0 on POST /mcp: broken envelopes, ids, tools, arguments, payloads, batches, nesting, auth. */
    void mcp() {
        String family = "mcp";
        ids.put("{M}", newHostileSession());
        List<String> jsonrpcs = Arrays.asList(null, "1", "2.0", "\"1.0\"", "null", "\"2.0 \"", "\"2.0\"");
        List<String> methods = Arrays.asList(null, "5", "null", "\"nope/nope\"", "\"\"", "\"tools/list\"",
                "\"initialize\"", "[\"tools/list\"]");
        for (String jsonrpc : jsonrpcs) {
            for (String method : methods) {
                run(mcpReq(family, "jsonrpc=" + jsonrpc + " method=" + method, envelope(jsonrpc, method, "1", null)));
            }
        }
        Map<String, String> rpcIds = new LinkedHashMap<>();
        rpcIds.put("10000-char string", quote("i".repeat(10_000)));
        rpcIds.put("1e1000000000", "1e1000000000");
        rpcIds.put("50 digits", "9".repeat(50));
        rpcIds.put("5000 digits", "9".repeat(5000));
        rpcIds.put("-1", "-1");
        rpcIds.put("1.5", "1.5");
        rpcIds.put("object", "{\"a\":1}");
        rpcIds.put("array", "[1,2]");
        rpcIds.put("true", "true");
        rpcIds.put("null", "null");
        rpcIds.put("unpaired surrogate", "\"\\ud800\"");
        rpcIds.put("NUL", "\"a\\u0000b\"");
        rpcIds.put("1000-deep array", "[".repeat(1000) + "]".repeat(1000));
        rpcIds.forEach((label, id) -> {
            for (String method : List.of("\"tools/list\"", "\"nope\"")) {
                run(mcpReq(family, "id " + label + " / " + method, envelope("\"2.0\"", method, id, null)));
            }
        });
        Map<String, String> names = new LinkedHashMap<>();
        names.put("unknown", quote("drop_tables"));
        names.put("empty", quote(""));
        names.put("10000 chars", quote("n".repeat(10_000)));
        names.put("null", "null");
        names.put("number", "1");
        names.put("object", "{}");
        names.put("NUL suffix", "\"get_checkout_session\\u0000\"");
        names.put("unpaired surrogate", "\"\\ud800\"");
        names.put("injection", quote("<script>alert(1)</script>"));
        names.forEach((label, name) -> run(mcpReq(family, "tool name " + label, envelope("\"2.0\"", "\"tools/call\"",
                "7", "{\"name\":" + name + ",\"arguments\":{\"meta\":" + meta(CANONICAL) + ",\"id\":\"{M}\"}}"))));
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("string", "\"x\"");
        arguments.put("array", "[]");
        arguments.put("number", "1");
        arguments.put("null", "null");
        arguments.put("empty object", "{}");
        arguments.put("meta string", "{\"meta\":\"x\"}");
        arguments.put("meta empty", "{\"meta\":{}}");
        for (String v : List.of("2025-09-29", "2025-12-12", "2026-01-16", "2026-01-30", "2026-04-17", "garbage", "")) {
            arguments.put("api_version " + v, "{\"meta\":" + meta(v) + ",\"id\":\"{M}\"}");
        }
        arguments.put("api_version number", "{\"meta\":{\"api_version\":1e1000000000},\"id\":\"{M}\"}");
        for (Map.Entry<String, String> sid : Map.of("number", "1", "null", "null", "quote", quote("cs_\"x"),
                "1000 chars", quote("cs_" + "a".repeat(997)), "unicode", quote("cs_café"), "own", quote("{M}"),
                "object", "{}", "surrogate", "\"cs_\\ud800\"").entrySet()) {
            arguments.put("id " + sid.getKey(), "{\"meta\":" + meta(CANONICAL) + ",\"id\":" + sid.getValue() + "}");
        }
        arguments.put("1000-deep", "{\"meta\":" + meta(CANONICAL) + ",\"x\":" + "{\"a\":".repeat(1000) + "1"
                + "}".repeat(1000) + "}");
        arguments.forEach((label, args) -> run(mcpReq(family, "get arguments " + label, envelope("\"2.0\"",
                "\"tools/call\"", "8", "{\"name\":\"get_checkout_session\",\"arguments\":" + args + "}"))));
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("string", "\"x\"");
        payloads.put("array", "[]");
        payloads.put("number", "1e1000000000");
        payloads.put("empty object", "{}");
        payloads.put("1000-deep", "{\"a\":".repeat(1000) + "1" + "}".repeat(1000));
        payloads.put("quantity 1e1000000000", "{\"currency\":\"usd\",\"capabilities\":{},\"line_items\":"
                + "[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1e1000000000}]}");
        payloads.put("currency surrogate", "{\"currency\":\"\\ud800\",\"capabilities\":{},\"line_items\":"
                + "[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}]}");
        payloads.put("order_notes NUL", "{\"order_notes\":\"a\\u0000b\"}");
        payloads.put("declined complete", completeBody("spt_test_decline"));
        payloads.put("valid create", hostileCreate());
        for (String tool : List.of("create_checkout_session", "update_checkout_session", "complete_checkout_session",
                "cancel_checkout_session")) {
            payloads.forEach((label, payload) -> {
                if (label.equals("valid create") && !tool.startsWith("create")
                        || label.equals("declined complete") && !tool.startsWith("complete")) {
                    return;
                }
                Req req = mcpReq(family, tool + " payload " + label, toolCall(tool,
                        tool.startsWith("create") ? null : "{M}", ",\"payload\":" + payload));
                req.refresh = "{M}";
                run(req);
            });
        }
        String list = envelope("\"2.0\"", "\"tools/list\"", "1", null);
        run(mcpReq(family, "batch of two", "[" + list + "," + list + "]"));
        run(mcpReq(family, "empty batch", "[]"));
        run(mcpReq(family, "params 1000-deep", envelope("\"2.0\"", "\"tools/list\"", "1",
                "{\"a\":".repeat(1000) + "1" + "}".repeat(1000))));
        run(mcpReq(family, "notification (no id)", envelope("\"2.0\"", "\"tools/call\"", null,
                "{\"name\":\"cancel_checkout_session\",\"arguments\":{\"meta\":" + meta(CANONICAL) + ",\"id\":\"{M}\"}}")));
        malformed(list).forEach((variant, body) -> {
            Req req = hostile(family, "malformed / " + variant, "POST", "/mcp", body);
            req.checks.add(MCP_ENVELOPE);
            run(req);
        });
        for (String[] auth : List.of(new String[] {"no token", null}, new String[] {"wrong token", "Bearer nope"},
                new String[] {"Basic", "Basic YTpi"})) {
            Req req = mcpReq(family, "auth " + auth[0], list);
            req.header("Authorization", auth[1]);
            req.checks.add(statusIn(401));
            run(req);
        }
        for (String contentType : List.of("text/plain", "application/xml")) {
            Req req = mcpReq(family, "Content-Type " + contentType, list);
            req.header("Content-Type", contentType);
            run(req);
        }
    }

    /**
     * A sample of the families above in every API version, and each older version's own request shapes with extreme
     * values (the version mappings parse and rewrite those before the canonical parser sees them).
     */
    void versions() {
        String family = "versions";
        ids.put("{H}", newHostileSession());
        int step = Math.max(1, sampleable.size() / 30);
        List<Req> sample = new ArrayList<>();
        for (int i = 0; i < sampleable.size() && sample.size() < 30; i += step) {
            sample.add(sampleable.get(i));
        }
        for (String version : VERSIONS) {
            for (Req original : sample) {
                Req copy = original.copy(family, version + " / " + original.family + " / " + original.label);
                copy.header("API-Version", version);
                run(copy);
            }
        }
        String address = "{\"name\":\"Eve Doe\",\"line_one\":\"1 Market St\",\"city\":\"San Francisco\","
                + "\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94105\"}";
        String legacyCreate = "{\"items\":[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}],\"fulfillment_address\":"
                + address + ",\"buyer\":{\"first_name\":\"Eve\",\"last_name\":\"Doe\",\"email\":\"eve@example.com\"}}";
        String detailsCreate = legacyCreate.replace("\"fulfillment_address\":" + address,
                "\"fulfillment_details\":{\"name\":\"Eve Doe\",\"address\":" + address + "}");
        String legacyComplete = "{\"payment_data\":{\"token\":\"spt_test_decline\",\"provider\":\"stripe\"}}";
        Map<String, String> fewExtremes = new LinkedHashMap<>();
        for (String k : List.of("null", "-1", "1e1000000000", "10000 chars", "NUL", "unpaired surrogate", "[]", "{}")) {
            fewExtremes.put(k, extremes().get(k));
        }
        // version → {create base, create fields, update base, update fields, complete base, complete fields}
        Map<String, Object[]> shapes = new LinkedHashMap<>();
        shapes.put("2025-09-29", new Object[] {legacyCreate, List.of("items", "items[0].quantity", "fulfillment_address",
            "fulfillment_address.country", "buyer"), "{\"items\":[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}]}",
            List.of("fulfillment_option_id", "items", "items[0].quantity", "fulfillment_address"), legacyComplete,
            List.of("payment_data", "payment_data.token", "payment_data.provider")});
        for (String v : List.of("2025-12-12", "2026-01-16")) {
            shapes.put(v, new Object[] {detailsCreate, List.of("items", "items[0].quantity", "fulfillment_details",
                "fulfillment_details.address", "buyer"), "{\"items\":[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}]}",
                List.of("fulfillment_option_id", "items", "fulfillment_details"), legacyComplete,
                List.of("payment_data", "payment_data.token", "payment_data.provider")});
        }
        shapes.put("2026-01-30", new Object[] {"{\"currency\":\"usd\",\"line_items\":[{\"id\":\"" + HOSTILE_ITEM + "\"}],"
            + "\"capabilities\":{},\"fulfillment_details\":{\"name\":\"Eve Doe\",\"address\":" + address + "}}",
            List.of("line_items", "line_items[0].quantity", "capabilities", "fulfillment_details.address"),
            "{\"order_notes\":\"x\"}", List.of("fulfillment_option_id", "selected_fulfillment_options"),
            completeBody("spt_test_decline"), List.of("payment_data.handler_id",
                "payment_data.instrument.credential.token")});
        shapes.forEach((version, s) -> {
            String[] ops = {"create", "update", "complete"};
            String[] paths = {"/checkout_sessions", "/checkout_sessions/{H}", "/checkout_sessions/{H}/complete"};
            for (int op = 0; op < 3; op++) {
                if (op > 0) {
                    ids.put("{H}", newHostileSession());
                }
                String base = (String) s[op * 2];
                @SuppressWarnings("unchecked")
                List<String> fields = (List<String>) s[op * 2 + 1];
                Req sanity = hostile(family, version + " own shape / valid " + ops[op], "POST", paths[op], bytes(base));
                sanity.header("API-Version", version);
                sanity.checks.add(statusIn(op == 0 ? 201 : 200));
                sanity.refresh = op == 0 ? null : "{H}";
                run(sanity);
                for (String field : fields) {
                    int o = op;
                    fewExtremes.forEach((variant, literal) -> {
                        Req req = hostile(family, version + " own shape / " + ops[o] + " " + field + " = " + variant,
                                "POST", paths[o], withValue(base, field, literal));
                        req.header("API-Version", version);
                        req.refresh = o == 0 ? null : "{H}";
                        run(req);
                    });
                }
            }
        });
    }

    /** Raw HTTP framing on a socket: a timeout or a closed connection is fine, a 5xx is not. */
    void framing() {
        String family = "framing";
        String host = "Host: 127.0.0.1:" + port;
        String auth = "Authorization: Bearer " + HOSTILE_TOKEN;
        String version = "API-Version: " + CANONICAL;
        String get = "GET /checkout_sessions/{H} HTTP/1.1";
        String smuggled = "GET /checkout_sessions/{G1} HTTP/1.1\r\n" + host + "\r\n" + auth + "\r\n" + version
                + "\r\nConnection: close\r\n\r\n";
        String create = hostileCreate();
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("invalid request line", "GARBAGE\r\n\r\n");
        requests.put("request line without version", "GET /checkout_sessions/{H}\r\n" + host + "\r\n\r\n");
        requests.put("HTTP/9.9", "GET /checkout_sessions/{H} HTTP/9.9\r\n" + host + "\r\n\r\n");
        requests.put("lower-case method", lines("get /checkout_sessions/{H} HTTP/1.1", host, auth, version, "Connection: close"));
        requests.put("NUL in request line", lines("GET /checkout_sessions/\0{H} HTTP/1.1", host, auth, version, "Connection: close"));
        requests.put("NUL in method", lines("G\0T /checkout_sessions/{H} HTTP/1.1", host, auth, version, "Connection: close"));
        requests.put("header without colon", lines(get, host, auth, version, "X-No-Colon", "Connection: close"));
        requests.put("header name with space", lines(get, host, auth, version, "Bad Header: x", "Connection: close"));
        requests.put("NUL in header value", lines(get, host, auth, version, "X-A: a\0b", "Connection: close"));
        requests.put("20 KB header", lines(get, host, auth, version, "X-Big: " + "a".repeat(20 * 1024), "Connection: close"));
        requests.put("20 KB Authorization", lines(get, host, "Authorization: Bearer " + "a".repeat(20 * 1024), version,
                "Connection: close"));
        List<String> many = new ArrayList<>(List.of(get, host, auth, version));
        for (int i = 0; i < 300; i++) {
            many.add("X-H" + i + ": " + i);
        }
        many.add("Connection: close");
        requests.put("300 headers", lines(many.toArray(String[]::new)));
        requests.put("Content-Length and Transfer-Encoding", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Content-Type: application/json", "Content-Length: 4",
                "Transfer-Encoding: chunked") + "0\r\n\r\n" + smuggled);
        requests.put("chunked with a smuggled request", lines("POST /checkout_sessions/{H}/cancel HTTP/1.1", host, auth,
                version, "Idempotency-Key: " + KEY, "Content-Type: application/json", "Transfer-Encoding: chunked")
                + "0\r\n\r\n" + smuggled);
        requests.put("two Content-Length values", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Content-Length: 2", "Content-Length: 40", "Connection: close") + "{}");
        requests.put("negative Content-Length", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Content-Length: -1", "Connection: close") + "{}");
        requests.put("huge Content-Length", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Content-Length: 99999999999999999999", "Connection: close") + "{}");
        requests.put("invalid chunk size", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Transfer-Encoding: chunked", "Connection: close") + "zz\r\n{}\r\n0\r\n\r\n");
        requests.put("Transfer-Encoding gzip, chunked", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Transfer-Encoding: gzip, chunked", "Connection: close") + "2\r\n{}\r\n0\r\n\r\n");
        requests.put("Transfer-Encoding obs-fold", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Transfer-Encoding:", " chunked", "Connection: close") + "2\r\n{}\r\n0\r\n\r\n");
        requests.put("obs-fold header", lines(get, host, auth, version, "X-A: a", " b", "Connection: close"));
        requests.put("bare LF line endings", (get + "\n" + host + "\n" + auth + "\n" + version + "\nConnection: close\n\n"));
        requests.put("HTTP/0.9", "GET /\r\n");
        requests.put("HTTP/1.0", "GET /checkout_sessions/{H} HTTP/1.0\r\n" + auth + "\r\n" + version + "\r\n\r\n");
        requests.put("HTTP/1.1 without Host", lines(get, auth, version, "Connection: close"));
        requests.put("body shorter than Content-Length", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Content-Type: application/json", "Content-Length: " + (create.length() + 500))
                + create);
        requests.put("absolute-form target", lines("GET http://evil.example/checkout_sessions/{H} HTTP/1.1", host, auth,
                version, "Connection: close"));
        requests.put("asterisk target", lines("OPTIONS * HTTP/1.1", host, "Connection: close"));
        requests.put("CONNECT", lines("CONNECT evil.example:443 HTTP/1.1", host, "Connection: close"));
        requests.put("Expect 100-continue with 10 MB", lines("POST /checkout_sessions HTTP/1.1", host, auth, version,
                "Idempotency-Key: " + KEY, "Expect: 100-continue", "Content-Length: 10485760"));
        requests.put("pipelined: own then good session", lines(get, host, auth, version) + smuggled);
        requests.put("invalid UTF-8 bytes in path", lines("GET /checkout_sessions/\u00ff\u00fe HTTP/1.1", host, auth,
                version, "Connection: close"));
        requests.put("CR without LF", get + "\r" + host + "\r" + auth + "\r\r");
        requests.forEach((label, text) -> {
            Req req = new Req(family, label, label.startsWith("HTTP/0.9") ? "GET" : "RAW", "(raw)", null);
            req.rawRequest = text;
            req.noAnswerOk = true;
            run(req);
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Generators
    // ---------------------------------------------------------------------------------------------------------------

    /** Extreme values as raw JSON literals. */
    static Map<String, String> extremes() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("null", "null");
        values.put("true", "true");
        values.put("0", "0");
        values.put("-1", "-1");
        values.put("1.5", "1.5");
        values.put("1e308", "1e308");
        values.put("1e1000000000", "1e1000000000");
        values.put("-1e1000000000", "-1e1000000000");
        values.put("1e-1000000000", "1e-1000000000");
        values.put("empty string", "\"\"");
        values.put("blank string", "\" \"");
        values.put("10000 chars", quote("x".repeat(10_000)));
        values.put("NUL", "\"a\\u0000b\"");
        values.put("BEL", "\"a\\u0007b\"");
        values.put("RTL override", "\"abc\\u202edef\"");
        values.put("unpaired surrogate", "\"a\\ud800b\"");
        values.put("emoji", quote("\uD83D\uDED2\uD83D\uDE00"));
        values.put("[]", "[]");
        values.put("{}", "{}");
        for (String injection : INJECTIONS) {
            values.put("injection " + injection, quote(injection));
        }
        return values;
    }

    /** Malformed variants of a valid JSON object body. */
    static Map<String, byte[]> malformed(String valid) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("whitespace only", bytes(" \n\t "));
        for (int cut : new int[] {1, valid.length() / 2, valid.length() - 1}) {
            bodies.put("truncated at " + cut, bytes(valid.substring(0, cut)));
        }
        bodies.put("trailing garbage", bytes(valid + "garbage"));
        bodies.put("trailing brace", bytes(valid + "}"));
        bodies.put("two documents", bytes(valid + valid));
        bodies.put("trailing NUL byte", concat(bytes(valid), new byte[] {0}));
        bodies.put("top-level array", bytes("[" + valid + "]"));
        bodies.put("top-level string", bytes("\"" + "s".repeat(20) + "\""));
        bodies.put("top-level number", bytes("42"));
        bodies.put("top-level null", bytes("null"));
        bodies.put("top-level true", bytes("true"));
        bodies.put("1000-deep arrays", bytes("[".repeat(1000) + "]".repeat(1000)));
        bodies.put("1000-deep objects", bytes("{\"a\":".repeat(1000) + "1" + "}".repeat(1000)));
        bodies.put("1000-deep metadata", bytes(withMember(valid, "\"metadata\":" + "{\"a\":".repeat(1000) + "1"
                + "}".repeat(1000))));
        bodies.put("70000-char string", bytes(withMember(valid, "\"order_notes\":\"" + "y".repeat(70_000) + "\"")));
        bodies.put("70000-char key", bytes(withMember(valid, "\"" + "k".repeat(70_000) + "\":1")));
        bodies.put("5000 members", bytes(withMember(valid, memberList(5000))));
        bodies.put("5000-digit number", bytes(withMember(valid, "\"n\":" + "9".repeat(5000))));
        bodies.put("invalid UTF-8 0xFF", concat(bytes("{\"order_notes\":\"a"), new byte[] {(byte) 0xff, (byte) 0xfe},
                bytes("b\"," + valid.substring(1))));
        bodies.put("overlong UTF-8", concat(bytes("{\"order_notes\":\"a"), new byte[] {(byte) 0xc0, (byte) 0xaf},
                bytes("b\"," + valid.substring(1))));
        bodies.put("truncated UTF-8 sequence", concat(bytes("{\"order_notes\":\"a"), new byte[] {(byte) 0xe2, (byte) 0x82},
                bytes("\"," + valid.substring(1))));
        bodies.put("UTF-8 encoded surrogate", concat(bytes("{\"order_notes\":\"a"),
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, bytes("b\"," + valid.substring(1))));
        bodies.put("invalid UTF-8 in a key", concat(bytes("{\"k"), new byte[] {(byte) 0xff}, bytes("\":1,"
                + valid.substring(1))));
        bodies.put("BOM + valid", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, bytes(valid)));
        bodies.put("UTF-16 with BOM", valid.getBytes(StandardCharsets.UTF_16));
        bodies.put("UTF-32", valid.getBytes(java.nio.charset.Charset.forName("UTF-32")));
        bodies.put("NaN", bytes(withMember(valid, "\"n\":NaN")));
        bodies.put("Infinity", bytes(withMember(valid, "\"n\":Infinity")));
        bodies.put("-Infinity", bytes(withMember(valid, "\"n\":-Infinity")));
        bodies.put("block comment", bytes("/* comment */" + valid));
        bodies.put("line comment", bytes("// comment\n" + valid));
        bodies.put("duplicate keys", bytes(withMember(valid, "\"" + firstKey(valid) + "\":null")));
        bodies.put("duplicate keys, other value last", bytes(valid.substring(0, valid.length() - 1)
                + ",\"" + firstKey(valid) + "\":[]}"));
        bodies.put("single quotes", bytes(valid.replace('"', '\'')));
        bodies.put("unquoted keys", bytes(valid.replaceAll("\"([a-z_]+)\":", "$1:")));
        bodies.put("raw control character in a string", bytes(withMember(valid, "\"order_notes\":\"a\u0001b\"")));
        bodies.put("lone {", bytes("{"));
        bodies.put("lone }", bytes("}"));
        bodies.put("NUL bytes", new byte[] {0, 0, 0, 0});
        bodies.put("form-encoded", bytes("currency=usd&line_items=1"));
        bodies.put("XML", bytes("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"));
        return bodies;
    }

    static String withMember(String valid, String member) {
        return valid.trim().equals("{}") ? "{" + member + "}" : "{" + member + "," + valid.trim().substring(1);
    }

    static String memberList(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
        }
        return sb.toString();
    }

    static String firstKey(String valid) {
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(valid);
        return m.find() ? m.group(1) : "a";
    }

    /** {@code baseJson} with the field at {@code path} (dots, {@code [i]}) set to the raw JSON {@code literal}. */
    static byte[] withValue(String baseJson, String path, String literal) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(baseJson);
            JsonNode parent = root;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                Integer index = null;
                if (part.endsWith("]")) {
                    index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                    part = part.substring(0, part.indexOf('['));
                }
                ObjectNode object = (ObjectNode) parent;
                if (index == null) {
                    if (last) {
                        object.put(part, MARK);
                    } else {
                        if (!object.path(part).isObject()) {
                            object.putObject(part);
                        }
                        parent = object.get(part);
                    }
                } else {
                    ArrayNode array = object.path(part).isArray() ? (ArrayNode) object.get(part) : object.putArray(part);
                    while (array.size() <= index) {
                        array.addObject();
                    }
                    if (last) {
                        array.set(index, TextNode.valueOf(MARK));
                    } else {
                        if (!array.get(index).isObject()) {
                            array.set(index, JSON.createObjectNode());
                        }
                        parent = array.get(index);
                    }
                }
            }
            return bytes(JSON.writeValueAsString(root).replace("\"" + MARK + "\"", literal));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hostileCreate() {
        return createBody(HOSTILE_ITEM, 1).replace("jane@example.com", "eve@example.com").replace("Jane", "Eve");
    }

    static String goodCreate(String item) {
        return createBody(item, 1).replace("jane@example.com", GOOD_EMAIL);
    }

    static String cartBody() {
        return "{\"line_items\":[{\"id\":\"" + HOSTILE_ITEM + "\",\"quantity\":1}],\"buyer\":{\"email\":\"eve@example.com\"}}";
    }

    static String meta(String version) {
        return "{\"api_version\":" + quote(version) + ",\"idempotency_key\":\"" + KEY + "\"}";
    }

    static String envelope(String jsonrpc, String method, String id, String params) {
        List<String> members = new ArrayList<>();
        if (jsonrpc != null) {
            members.add("\"jsonrpc\":" + jsonrpc);
        }
        if (id != null) {
            members.add("\"id\":" + id);
        }
        if (method != null) {
            members.add("\"method\":" + method);
        }
        if (params != null) {
            members.add("\"params\":" + params);
        }
        return "{" + String.join(",", members) + "}";
    }

    static String toolCall(String tool, String sessionId, String payloadMember) {
        return envelope("\"2.0\"", "\"tools/call\"", "42", "{\"name\":\"" + tool + "\",\"arguments\":{\"meta\":"
                + meta(CANONICAL) + (sessionId == null ? "" : ",\"id\":\"" + sessionId + "\"") + payloadMember + "}}");
    }

    static String lines(String... lines) {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append('%').append(String.format("%02X", b & 0xff));
        }
        return sb.toString();
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Requests, answers, checks
    // ---------------------------------------------------------------------------------------------------------------

    interface Check {
        /** Null when {@code res} is fine, else what is wrong with it. */
        String problem(Res res);
    }

    static final class Req {
        final String family;
        final String label;
        final String method;
        final String path;
        final byte[] body;
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<Check> checks = new ArrayList<>();
        /** Sent on a raw socket, byte for byte (paths the HTTP client would refuse or normalise). */
        boolean raw;
        /** A whole raw request (framing); placeholders are resolved, then sent as ISO-8859-1 bytes. */
        String rawRequest;
        /** A timeout or a closed connection is an acceptable answer. */
        boolean noAnswerOk;
        /** The attack session placeholder to replace when this request settles it (completed, canceled). */
        String refresh;

        Req(String family, String label, String method, String path, byte[] body) {
            this.family = family;
            this.label = label;
            this.method = method;
            this.path = path;
            this.body = body;
        }

        Req header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Req copy(String family, String label) {
            Req copy = new Req(family, label, method, path, body);
            copy.headers.putAll(headers);
            copy.raw = raw;
            copy.refresh = refresh;
            return copy;
        }
    }

    /** {@code text}: everything received (every answer of a raw exchange), where leaks are looked for. */
    record Res(int status, String body, Map<String, String> headers, boolean complete, String noAnswer,
            List<Integer> allStatuses, String text, List<Res> following) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return body == null || body.isBlank() ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String jsonPath(String... fields) {
            JsonNode node = json();
            if (node == null) {
                return null;
            }
            for (String f : fields) {
                node = node.path(f);
            }
            return node.isValueNode() ? node.asText() : null;
        }
    }

    static final Check MCP_ENVELOPE = r -> {
        if (r.status != 200) {
            return null;
        }
        JsonNode n = r.json();
        if (n == null || !n.isObject() || !"2.0".equals(n.path("jsonrpc").asText(null)) || !n.has("id")
                || n.has("result") == n.has("error")) {
            return "not a JSON-RPC 2.0 response";
        }
        if (n.has("error") && !(n.path("error").path("code").isIntegralNumber()
                && n.path("error").path("message").isTextual())) {
            return "not a JSON-RPC error object";
        }
        return null;
    };

    static Check statusIn(int... allowed) {
        return r -> Arrays.stream(allowed).anyMatch(s -> s == r.status) ? null
                : "expected status " + Arrays.toString(allowed);
    }

    static Check notSuccess() {
        return r -> r.status >= 200 && r.status < 300 ? "a hostile request succeeded" : null;
    }

    static Check codeIn(int status, String... codes) {
        return r -> r.status == status && Arrays.asList(codes).contains(r.jsonPath("code")) ? null
                : "expected " + status + " " + Arrays.toString(codes);
    }

    /** A request from the hostile agent with every header an ordinary one carries. */
    static Req hostile(String family, String label, String method, String path, byte[] body) {
        Req req = new Req(family, label, method, path, body);
        req.header("Authorization", "Bearer " + HOSTILE_TOKEN).header("API-Version", CANONICAL);
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS") && !method.equals("TRACE")) {
            req.header("Idempotency-Key", KEY);
        }
        return req;
    }

    static Req mcpReq(String family, String label, String body) {
        Req req = hostile(family, label, "POST", "/mcp", bytes(body));
        req.header("Idempotency-Key", null);
        req.checks.add(MCP_ENVELOPE);
        return req;
    }

    Res runSampled(Req req) {
        Res res = run(req);
        sample(req);
        return res;
    }

    void sample(Req req) {
        if (req != null && !req.raw && CANONICAL.equals(req.headers.get("API-Version"))) {
            sampleable.add(req);
        }
    }

    /** Sends {@code req} (paced), checks the answer, records it; returns the answer. */
    Res run(Req req) {
        pace();
        Res res;
        if (req.rawRequest != null) {
            res = rawExchange(resolve(req.rawRequest).getBytes(StandardCharsets.ISO_8859_1), false);
        } else {
            String path = resolve(req.path);
            byte[] body = req.body == null ? null : resolveBytes(req.body);
            Map<String, String> headers = new LinkedHashMap<>();
            req.headers.forEach((k, v) -> headers.put(k, resolve(v)));
            if (req.raw) {
                res = rawHttp(req.method, path, headers, body);
            } else {
                try {
                    res = viaClient(req.method, path, headers, body);
                } catch (IllegalArgumentException refused) {
                    res = rawHttp(req.method, path, headers, body);
                }
            }
        }
        record(req, res);
        if (req.refresh != null && res.status >= 200 && res.status < 300) {
            String status = res.jsonPath("status");
            if (status == null) {
                status = res.jsonPath("result", "status");
            }
            if (status != null && SETTLED.contains(status)) {
                ids.put(req.refresh, newHostileSession());
            }
        }
        return res;
    }

    void record(Req req, Res res) {
        total++;
        String key = res.noAnswer != null ? res.noAnswer : String.valueOf(res.status);
        String sessionStatus = res.status >= 200 && res.status < 300 ? res.jsonPath("status") : null;
        journal.add(req.family + " | " + printable(shorten(req.label, 100)) + " | " + key
                + (res.allStatuses.size() > 1 ? " " + res.allStatuses : "")
                + (sessionStatus != null ? " (" + sessionStatus + ")" : "") + " | " + printable(shorten(res.body, 200)));
        statuses.computeIfAbsent(req.family, f -> new TreeMap<>()).merge(key, 1, Integer::sum);
        List<String> problems = new ArrayList<>();
        if (res.noAnswer != null && !req.noAnswerOk) {
            problems.add("no HTTP answer (" + res.noAnswer + ")");
        }
        for (int status : res.allStatuses) {
            if (status >= 500) {
                problems.add("status " + status);
            }
        }
        if (res.status == 429) {
            problems.add("429 although the attacker stays below its rate limit");
        }
        boolean head = "HEAD".equals(req.method);
        List<Res> answers = new ArrayList<>(List.of(res));
        answers.addAll(res.following);
        for (int i = 0; i < answers.size(); i++) {
            Res answer = answers.get(i);
            if (answer.status >= 400 && answer.complete && !(head && i == 0)) {
                String shape = shapeProblem(req, answer);
                if (shape != null) {
                    problems.add(i == 0 ? shape : "answer " + (i + 1) + " (" + answer.status + "): " + shape);
                }
            }
        }
        for (String leak : LEAKS) {
            if (res.text.contains(leak)) {
                problems.add("body contains '" + leak + "'");
            }
        }
        if (res.text.contains(GOOD_EMAIL)) {
            problems.add("shows the good agent's buyer data");
        }
        if (res.noAnswer == null) {
            for (Check check : req.checks) {
                String problem = check.problem(res);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(req, res, String.join("; ", problems));
        }
    }

    void fail(Req req, Res res, String problem) {
        String target = req.rawRequest != null ? shorten(printable(resolve(req.rawRequest)), 160)
                : req.method + " " + shorten(printable(resolve(req.path)), 120);
        failures.add("[" + req.family + " / " + shorten(printable(req.label), 120) + "] " + target + " -> "
                + (res.noAnswer != null ? res.noAnswer : res.status) + ": " + problem + " | body: "
                + shorten(printable(res.body), 300));
    }

    static String shapeProblem(Req req, Res res) {
        JsonNode n;
        try {
            n = JSON.readTree(res.body);
        } catch (IOException e) {
            return "error body is not JSON";
        }
        if (n != null && n.isObject() && n.path("type").isTextual() && n.path("code").isTextual()
                && n.path("message").isTextual()) {
            return null;
        }
        boolean mcp = req.path.startsWith("/mcp");
        if (mcp && n != null && n.isObject() && n.path("jsonrpc").isTextual()
                && n.path("error").path("code").isIntegralNumber() && n.path("error").path("message").isTextual()) {
            return null;
        }
        return "error body is not an ACP error object";
    }

    /** The answers for a good id and a random id of the same form must be the same but for the id. */
    void compare(Req onGood, Res good, String goodId, Res random, String randomId) {
        String a = good.status + " " + good.body.replace(goodId, "<id>");
        String b = random.status + " " + random.body.replace(randomId, "<id>");
        if (!a.equals(b)) {
            fail(onGood, good, "distinguishable from a random id, which gets " + shorten(printable(b), 300));
        }
    }

    String resolve(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            out = out.replace(id.getKey(), id.getValue());
        }
        while (out.contains(KEY)) {
            out = out.replaceFirst(Pattern.quote(KEY), UUID.randomUUID().toString());
        }
        return out;
    }

    /** Placeholders in a body of arbitrary bytes (ISO-8859-1 maps every byte to one char and back). */
    byte[] resolveBytes(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (!text.contains("{")) {
            return body;
        }
        String resolved = resolve(text);
        return resolved.equals(text) ? body : resolved.getBytes(StandardCharsets.ISO_8859_1);
    }

    void pace() {
        long now = System.nanoTime();
        if (now < nextSlot) {
            try {
                Thread.sleep((nextSlot - now) / 1_000_000, (int) ((nextSlot - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        nextSlot = Math.max(now, nextSlot) + PACE_NANOS;
    }

    Res viaClient(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> responseHeaders = new HashMap<>();
            response.headers().map().forEach((k, v) -> responseHeaders.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String text = new String(response.body(), StandardCharsets.UTF_8);
            return new Res(response.statusCode(), text, responseHeaders, true, null, List.of(response.statusCode()),
                    text, List.of());
        } catch (HttpTimeoutException e) {
            return new Res(-1, "", Map.of(), false, "no answer within 20 s", List.of(), "", List.of());
        } catch (IOException e) {
            return new Res(-1, "", Map.of(), false, "connection failed: " + e, List.of(), "", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res rawHttp(String method, String path, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(bytes(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"));
        headers.forEach((k, v) -> request.writeBytes(bytes(k + ": " + v + "\r\n")));
        if (body != null) {
            request.writeBytes(bytes("Content-Length: " + body.length + "\r\n"));
        }
        request.writeBytes(bytes("Connection: close\r\n\r\n"));
        if (body != null) {
            request.writeBytes(body);
        }
        return rawExchange(request.toByteArray(), method.equals("HEAD"));
    }


    /** One exchange on a fresh socket, 3 s read timeout; reads until the first answer is complete or the end. */
    Res rawExchange(byte[] request, boolean head) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean timedOut = false;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may refuse and close before it has read everything; its answer may still be there
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                    if (answerComplete(received.toByteArray(), head) && !pipelined(request)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                timedOut = true;
            } catch (IOException e) {
                // reset: counts as closed
            }
        } catch (IOException e) {
            return new Res(-1, "", Map.of(), false, "connect failed: " + e, List.of(), "", List.of());
        }
        byte[] data = received.toByteArray();
        if (data.length == 0) {
            return new Res(-1, "", Map.of(), false, timedOut ? "timeout" : "closed", List.of(), "", List.of());
        }
        String decoded = new String(data, StandardCharsets.UTF_8);
        if (!new String(data, 0, Math.min(5, data.length), StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            return new Res(-1, decoded, Map.of(), false, "no status line", List.of(), decoded, List.of());
        }
        // Every answer on the connection, one after the other (a pipelined or smuggled request gets its own).
        List<Res> answers = new ArrayList<>();
        int offset = 0;
        while (offset + 12 <= data.length
                && new String(data, offset, 5, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            int headerEnd = indexOf(data, offset, "\r\n\r\n");
            String head0 = new String(data, offset, (headerEnd < 0 ? data.length : headerEnd) - offset,
                    StandardCharsets.ISO_8859_1);
            int status;
            try {
                status = Integer.parseInt(head0.substring(9, 12));
            } catch (RuntimeException e) {
                break;
            }
            Map<String, String> headers = new HashMap<>();
            for (String line : head0.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            if (headerEnd < 0) {
                answers.add(new Res(status, "", headers, false, null, List.of(), "", List.of()));
                break;
            }
            int bodyStart = headerEnd + 4;
            String body;
            boolean complete;
            int next;
            if (head && answers.isEmpty() || status < 200 || status == 204 || status == 304) {
                body = "";
                complete = !head;
                next = bodyStart;
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int chunkedEnd = dechunk(data, bodyStart, out);
                body = out.toString(StandardCharsets.UTF_8);
                complete = chunkedEnd >= 0;
                next = complete ? chunkedEnd : data.length;
            } else if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                int available = Math.min(length, data.length - bodyStart);
                body = new String(data, bodyStart, available, StandardCharsets.UTF_8);
                complete = available == length;
                next = bodyStart + available;
            } else {
                body = new String(data, bodyStart, data.length - bodyStart, StandardCharsets.UTF_8);
                complete = !timedOut;
                next = data.length;
            }
            answers.add(new Res(status, body, headers, complete, null, List.of(), body, List.of()));
            offset = next;
        }
        if (answers.isEmpty()) {
            return new Res(-1, decoded, Map.of(), false, "no status line", List.of(), decoded, List.of());
        }
        Res first = answers.get(0);
        return new Res(first.status, first.body, first.headers, first.complete, null,
                answers.stream().map(Res::status).toList(), decoded, answers.subList(1, answers.size()));
    }

    /** More than one request line: read every answer, to the end of the connection. */
    static boolean pipelined(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1).split(" HTTP/1\\.[01]\r\n", -1).length > 2;
    }

    static boolean answerComplete(byte[] data, boolean head) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return false;
        }
        String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
        if (head || headers.startsWith("http/1.1 1") || headers.startsWith("http/1.1 204") || headers.startsWith("http/1.1 304")) {
            return true;
        }
        Matcher length = Pattern.compile("(?m)^content-length:\\s*(\\d+)").matcher(headers);
        if (length.find()) {
            return data.length - headerEnd - 4 >= Long.parseLong(length.group(1));
        }
        if (headers.contains("transfer-encoding: chunked")) {
            return text.substring(headerEnd + 4).contains("0\r\n\r\n");
        }
        return false;
    }

    /** Decodes a chunked body starting at {@code from} into {@code out}; the index after it, or -1 if cut short. */
    static int dechunk(byte[] data, int from, ByteArrayOutputStream out) {
        int i = from;
        while (i < data.length) {
            int lineEnd = indexOf(data, i, "\r\n");
            if (lineEnd < 0) {
                return -1;
            }
            int size;
            try {
                size = Integer.parseInt(new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0]
                        .trim(), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
            int start = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = indexOf(data, lineEnd, "\r\n\r\n");
                return trailerEnd < 0 ? -1 : trailerEnd + 4;
            }
            if (start + size > data.length) {
                out.write(data, start, data.length - start);
                return -1;
            }
            out.write(data, start, size);
            i = start + size + 2;
        }
        return -1;
    }

    static int indexOf(byte[] data, int from, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f || c >= 0x202a && c <= 0x202e || Character.isSurrogate(c)
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Agents
    // ---------------------------------------------------------------------------------------------------------------

    /** The attacker's own, ordinary client, for setting up its targets. */
    AcpClient hostileClient() {
        if (hostileClient == null) {
            hostileClient = new AcpClient(gateway, HOSTILE_TOKEN);
        }
        return hostileClient;
    }

    String newHostileSession() {
        AcpClient.Response created = hostileClient().post("/checkout_sessions", hostileCreate());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    String newHostileCart() {
        AcpClient.Response created = hostileClient().post("/carts", cartBody());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    /** Create + complete, again and again, until the attack is over; every answer must be a success. */
    static void goodAgentLoop(AtomicBoolean attackOver, List<Long> latencies, List<String> failures,
            AtomicInteger checkouts) {
        AcpClient good = new AcpClient(gateway, GOOD_TOKEN);
        while (!attackOver.get()) {
            try {
                long started = System.nanoTime();
                AcpClient.Response created = good.post("/checkout_sessions", goodCreate("ebook-trail-guide"));
                latencies.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                if (created.status() != 201) {
                    failures.add("create -> " + created.status() + " " + shorten(created.body().toString(), 300));
                    Thread.sleep(200);
                    continue;
                }
                String id = created.body().path("id").asText();
                started = System.nanoTime();
                AcpClient.Response completed = good.post("/checkout_sessions/" + id + "/complete",
                        completeBody("spt_test_success"));
                latencies.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                String status = completed.body().path("status").asText();
                boolean inProgress = "complete_in_progress".equals(status)
                        || "complete_in_progress".equals(completed.body().path("code").asText());
                if (inProgress) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!"completed".equals(status) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                        status = good.get("/checkout_sessions/" + id).body().path("status").asText();
                    }
                } else if (completed.status() != 200) {
                    failures.add("complete " + id + " -> " + completed.status() + " "
                            + shorten(completed.body().toString(), 300));
                    continue;
                }
                if (!"completed".equals(status)) {
                    failures.add("complete " + id + " ended as '" + status + "': "
                            + shorten(completed.body().toString(), 300));
                    continue;
                }
                checkouts.incrementAndGet();
                // a buyer's pace, not a load test: the attack, not this loop, is what the gateway must absorb
                Thread.sleep(GOOD_AGENT_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.add("exception " + e);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
