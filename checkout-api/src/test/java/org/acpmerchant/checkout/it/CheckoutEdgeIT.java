package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ACP edge of checkout-api over HTTP, on a real PostgreSQL and Kafka, with a stand-in pricing responder. */
class CheckoutEdgeIT extends CheckoutApiIntegrationTest {

    static final String V = "2026-04-17";
    static final String CREATE = "{\"currency\":\"usd\",\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":2}],"
            + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},"
            + "\"fulfillment_details\":{\"name\":\"Jo\",\"address\":{\"name\":\"Jo\",\"line_one\":\"1 Main\","
            + "\"city\":\"SF\",\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94131\"}}}";



    @Autowired JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void create_get_update_cancel_roundTrip_validAgainstSchema() throws Exception {
        var created = post("/checkout_sessions", CREATE, TOKEN, UUID.randomUUID().toString());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode session = json.readTree(created.body());
        assertThat(session.get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(session.at("/totals").toString()).contains("\"amount\":5500");
        assertThat(AcpSchemas.validateSession(V, session)).isEmpty();
        String id = session.get("id").asText();

        var fetched = get("/checkout_sessions/" + id, ROTATED);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fetched.body())).isEqualTo(session);

        var updated = post("/checkout_sessions/" + id, "{\"line_items\":[{\"id\":\"mug\",\"quantity\":3}]}", TOKEN, "u1-" + id);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json.readTree(updated.body()).at("/line_items/0/item/id").asText()).isEqualTo("mug");

        var canceled = post("/checkout_sessions/" + id + "/cancel", "", TOKEN, "c1-" + id);
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(json.readTree(canceled.body()).get("status").asText()).isEqualTo("canceled");
        assertThat(AcpSchemas.validateSession(V, json.readTree(canceled.body()))).isEmpty();

        var again = post("/checkout_sessions/" + id + "/cancel", "{}", TOKEN, "c2-" + id);
        assertThat(again.statusCode()).isEqualTo(405);
        var late = post("/checkout_sessions/" + id, "{\"line_items\":[{\"id\":\"mug\"}]}", TOKEN, "u2-" + id);
        assertThat(late.statusCode()).isEqualTo(409);
        assertError(late, "session_not_modifiable", null);
    }

    @Test
    void idempotency_replays_conflicts_andRequiresTheKey() throws Exception {
        String key = UUID.randomUUID().toString();
        var first = post("/checkout_sessions", CREATE, TOKEN, key);
        long sessionsAfterFirst = sessionCount();
        var reordered = "{\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},"
                + CREATE.substring(1, CREATE.indexOf(",\"capabilities\"")) + ","
                + CREATE.substring(CREATE.indexOf("\"fulfillment_details\""));
        var replay = post("/checkout_sessions", reordered, TOKEN, key);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(sessionCount()).isEqualTo(sessionsAfterFirst);

        var conflict = post("/checkout_sessions", CREATE.replace("\"quantity\":2", "\"quantity\":3"), TOKEN, key);
        assertThat(conflict.statusCode()).isEqualTo(422);
        assertError(conflict, "idempotency_conflict", null);

        var otherAgentSameKey = post("/checkout_sessions", CREATE, OTHER_TOKEN, key);
        assertThat(otherAgentSameKey.statusCode()).isEqualTo(201);
        assertThat(otherAgentSameKey.headers().firstValue("Idempotent-Replayed")).isEmpty();

        var missing = post("/checkout_sessions", CREATE, TOKEN, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertError(missing, "idempotency_key_required", null);
    }

    @Test
    void edge_refusesUnauthenticated_andUnsupportedVersions_andForeignSessions() throws Exception {
        var noToken = send(HttpRequest.newBuilder(uri("/checkout_sessions")).header("API-Version", V)
                .POST(HttpRequest.BodyPublishers.ofString(CREATE)));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertError(noToken, "unauthorized", null);
        assertThat(post("/checkout_sessions", CREATE, "wrong", "k").statusCode()).isEqualTo(401);

        var noVersion = send(HttpRequest.newBuilder(uri("/checkout_sessions")).header("Authorization", "Bearer " + TOKEN)
                .header("Request-Id", "req_123").POST(HttpRequest.BodyPublishers.ofString(CREATE)));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.headers().firstValue("Request-Id")).contains("req_123");
        assertThat(json.readTree(noVersion.body()).get("code").asText()).isEqualTo("missing_api_version");
        assertThat(json.readTree(noVersion.body()).get("supported_versions").get(0).asText()).isEqualTo(V);

        var oldVersion = send(HttpRequest.newBuilder(uri("/checkout_sessions")).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", "2025-01-01").POST(HttpRequest.BodyPublishers.ofString(CREATE)));
        assertThat(json.readTree(oldVersion.body()).get("code").asText()).isEqualTo("unsupported_api_version");

        String id = json.readTree(post("/checkout_sessions", CREATE, TOKEN, UUID.randomUUID().toString()).body())
                .get("id").asText();
        assertThat(get("/checkout_sessions/" + id, OTHER_TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("/checkout_sessions/cs_unknown", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void badInput_getsFlatErrors_andChangesNothing() throws Exception {
        String id = json.readTree(post("/checkout_sessions", CREATE, TOKEN, UUID.randomUUID().toString()).body())
                .get("id").asText();
        long eventsBefore = eventCount();
        long sessionsBefore = sessionCount();
        String[][] cases = {
            {"/checkout_sessions", "{not json", "invalid_json", "$"},
            {"/checkout_sessions", CREATE.replace("shirt-m", "no-such-item"), "invalid_item_id", "$.line_items[0].id"},
            {"/checkout_sessions", CREATE.replace("\"quantity\":2", "\"quantity\":0"), "invalid", "$.line_items[0].quantity"},
            {"/checkout_sessions", CREATE.replace("\"quantity\":2", "\"quantity\":\"two\""), "invalid_type", "$.line_items[0].quantity"},
            {"/checkout_sessions/" + id, "{\"line_items\":[{\"id\":\"ghost\"}]}", "invalid_item_id", "$.line_items[0].id"},
            {"/checkout_sessions/" + id, "{\"selected_fulfillment_options\":[{\"type\":\"shipping\",\"option_id\":\"nope\",\"item_ids\":[]}]}", "invalid", "$.selected_fulfillment_options[0].option_id"},
            {"/checkout_sessions/" + id + "/complete", "{\"payment_data\":{\"handler_id\":\"paypal\",\"instrument\":{\"type\":\"card\",\"credential\":{\"type\":\"spt\",\"token\":\"spt_1\"}}}}", "invalid", "$.payment_data.handler_id"},
            {"/checkout_sessions/" + id + "/complete", "{}", "missing", "$.payment_data"},
        };
        for (String[] c : cases) {
            var response = post(c[0], c[1], TOKEN, UUID.randomUUID().toString());
            assertThat(response.statusCode()).as(c[1]).isBetween(400, 499);
            assertError(response, c[2], c[3]);
        }
        assertThat(eventCount()).isEqualTo(eventsBefore);
        assertThat(sessionCount()).isEqualTo(sessionsBefore);
        assertThat(json.readTree(get("/checkout_sessions/" + id, TOKEN).body()).get("status").asText())
                .isEqualTo("ready_for_payment");
    }

    private void assertError(HttpResponse<String> response, String code, String param) throws Exception {
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("type").asText()).isEqualTo("invalid_request");
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
        assertThat(AcpSchemas.validate(V, "schema.agentic_checkout.json", "Error", error)).isEmpty();
    }

    private long eventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private long sessionCount() {
        return jdbc.queryForObject("select count(*) from session_view", Long.class);
    }

    private HttpResponse<String> post(String path, String body, String token, String key) throws Exception {
        var builder = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("API-Version", V).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return send(builder);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("API-Version", V).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
