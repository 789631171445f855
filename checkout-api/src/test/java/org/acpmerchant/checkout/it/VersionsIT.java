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

/**
 * Older ACP versions over HTTP on a real PostgreSQL and Kafka: the same sessions, created and updated in each
 * version's own request shape, answered in that version's response shape (validated against its JSON Schema), with
 * that version's idempotency rules.
 */
class VersionsIT extends CheckoutApiIntegrationTest {

    static final String ADDRESS = "{\"name\":\"Jo\",\"line_one\":\"1 Main\",\"line_two\":\"\",\"city\":\"SF\","
            + "\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94131\"}";



    @Autowired JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void v2025_09_29_create_update_get_cancel_withoutIdempotencyKeys() throws Exception {
        String v = "2025-09-29";
        var created = post(v, "/checkout_sessions",
                "{\"items\":[{\"id\":\"shirt-m\",\"quantity\":2}],\"fulfillment_address\":" + ADDRESS + "}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotency-Key")).isEmpty();
        JsonNode session = json.readTree(created.body());
        assertValidSession(v, session);
        assertThat(session.get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(session.at("/fulfillment_address/postal_code").asText()).isEqualTo("94131");
        assertThat(session.get("fulfillment_option_id").asText()).isEqualTo("ship_standard");
        assertThat(session.at("/line_items/0/item/quantity").asInt()).isEqualTo(2);
        assertThat(session.at("/line_items/0/total").asLong()).isEqualTo(5000);
        assertThat(session.at("/payment_provider/supported_payment_methods/0").asText()).isEqualTo("card");
        assertThat(session.has("capabilities")).isFalse();
        String id = session.get("id").asText();

        var updated = post(v, "/checkout_sessions/" + id,
                "{\"items\":[{\"id\":\"mug\",\"quantity\":3}],\"fulfillment_option_id\":\"ship_standard\"}", null);
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode after = json.readTree(updated.body());
        assertValidSession(v, after);
        assertThat(after.at("/line_items/0/item/id").asText()).isEqualTo("mug");
        assertThat(after.at("/line_items/0/base_amount").asLong()).isEqualTo(3600);

        var fetched = get(v, "/checkout_sessions/" + id);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(json.readTree(fetched.body())).isEqualTo(after);

        // The same session read in the canonical version has the canonical shape.
        JsonNode canonical = json.readTree(get("2026-04-17", "/checkout_sessions/" + id).body());
        assertThat(canonical.at("/line_items/0/quantity").asInt()).isEqualTo(3);
        assertThat(AcpSchemas.validateSession("2026-04-17", canonical)).isEmpty();

        var canceled = post(v, "/checkout_sessions/" + id + "/cancel", "", null);
        assertThat(canceled.statusCode()).isEqualTo(200);
        JsonNode canceledBody = json.readTree(canceled.body());
        assertThat(canceledBody.get("status").asText()).isEqualTo("canceled");
        assertValidSession(v, canceledBody);
        var again = post(v, "/checkout_sessions/" + id + "/cancel", "", null);
        assertThat(again.statusCode()).isEqualTo(405);
        assertError(v, again, "session_not_cancelable", null);
    }

    @Test
    void v2025_09_29_errors_nameTheFieldsThatVersionSent() throws Exception {
        String v = "2025-09-29";
        var decimal = post(v, "/checkout_sessions", "{\"items\":[{\"id\":\"shirt-m\",\"quantity\":2.5}]}", null);
        assertThat(decimal.statusCode()).isEqualTo(400);
        assertError(v, decimal, "invalid_type", "$.items[0].quantity");
        var unknown = post(v, "/checkout_sessions", "{\"items\":[{\"id\":\"ghost\",\"quantity\":1}]}", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertError(v, unknown, "invalid_item_id", "$.items[0].id");
        var noCity = post(v, "/checkout_sessions", "{\"items\":[{\"id\":\"mug\",\"quantity\":1}],"
                + "\"fulfillment_address\":" + ADDRESS.replace("\"city\":\"SF\",", "") + "}", null);
        assertError(v, noCity, "missing", "$.fulfillment_address.city");

        String id = json.readTree(post(v, "/checkout_sessions", "{\"items\":[{\"id\":\"mug\",\"quantity\":1}]}", null)
                .body()).get("id").asText();
        var badOption = post(v, "/checkout_sessions/" + id, "{\"fulfillment_option_id\":\"nope\"}", null);
        assertThat(badOption.statusCode()).isEqualTo(400);
        assertError(v, badOption, "invalid", "$.fulfillment_option_id");
    }

    @Test
    void v2025_12_12_and_2026_01_16_nestedSelection_roundTrip() throws Exception {
        for (String v : new String[] {"2025-12-12", "2026-01-16"}) {
            var created = post(v, "/checkout_sessions", "{\"items\":[{\"id\":\"shirt-m\",\"quantity\":1}],"
                    + "\"fulfillment_details\":{\"name\":\"Jo\",\"email\":\"jo@example.com\",\"address\":" + ADDRESS + "}}",
                    UUID.randomUUID().toString());
            assertThat(created.statusCode()).as(v).isEqualTo(201);
            JsonNode session = json.readTree(created.body());
            assertValidSession(v, session);
            String id = session.get("id").asText();
            var updated = post(v, "/checkout_sessions/" + id, "{\"selected_fulfillment_options\":[{\"type\":\"shipping\","
                    + "\"shipping\":{\"option_id\":\"ship_standard\",\"item_ids\":[\"shirt-m\"]}}]}",
                    UUID.randomUUID().toString());
            assertThat(updated.statusCode()).as(v).isEqualTo(200);
            JsonNode after = json.readTree(updated.body());
            assertValidSession(v, after);
            assertThat(after.at("/selected_fulfillment_options/0/shipping/option_id").asText()).isEqualTo("ship_standard");
            var canceled = post(v, "/checkout_sessions/" + id + "/cancel",
                    "{\"intent_trace\":{\"reason_code\":\"comparison\"}}", UUID.randomUUID().toString());
            assertThat(canceled.statusCode()).isEqualTo(200);
            assertValidSession(v, json.readTree(canceled.body()));
        }
    }

    @Test
    void v2026_01_30_create_update_validAgainstItsSchema() throws Exception {
        String v = "2026-01-30";
        var created = post(v, "/checkout_sessions", "{\"currency\":\"usd\",\"line_items\":[{\"id\":\"shirt-m\"}],"
                + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},"
                + "\"fulfillment_details\":{\"name\":\"Jo\",\"address\":" + ADDRESS + "}}", UUID.randomUUID().toString());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode session = json.readTree(created.body());
        assertValidSession(v, session);
        assertThat(session.at("/protocol/version").asText()).isEqualTo(v);
        assertThat(session.at("/capabilities/payment/handlers/0").has("display_order")).isFalse();
        String id = session.get("id").asText();

        var updated = post(v, "/checkout_sessions/" + id, "{\"line_items\":[{\"id\":\"mug\",\"quantity\":2}],"
                + "\"selected_fulfillment_options\":[{\"type\":\"shipping\",\"option_id\":\"ship_standard\","
                + "\"item_ids\":[\"mug\"]}]}", UUID.randomUUID().toString());
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode after = json.readTree(updated.body());
        assertValidSession(v, after);
        assertThat(after.at("/line_items/0/quantity").asInt()).isEqualTo(2);
        assertValidSession(v, json.readTree(get(v, "/checkout_sessions/" + id).body()));
    }

    @Test
    void oldVersions_idempotency_optionalKey_replay_and409Conflict() throws Exception {
        String v = "2026-01-30";
        String body = "{\"currency\":\"usd\",\"line_items\":[{\"id\":\"mug\"}],\"capabilities\":{}}";
        String key = UUID.randomUUID().toString();
        var first = post(v, "/checkout_sessions", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotency-Key")).contains(key);
        long sessions = sessionCount();

        var replay = post(v, "/checkout_sessions", body, key);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(sessionCount()).isEqualTo(sessions);

        var conflict = post(v, "/checkout_sessions", body.replace("mug", "shirt-m"), key);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertError(v, conflict, "idempotency_conflict", null);
        assertThat(json.readTree(conflict.body()).get("message").asText())
                .isEqualTo("Same Idempotency-Key used with different parameters");

        // The same key and bytes under another API-Version is another request: 2026-04-17 answers its own 422.
        var otherVersion = post("2026-04-17", "/checkout_sessions", body, key);
        assertThat(otherVersion.statusCode()).isEqualTo(422);

        var v1Conflict = post("2025-09-29", "/checkout_sessions", "{\"items\":[{\"id\":\"mug\",\"quantity\":1}]}", "k-" + key);
        assertThat(v1Conflict.statusCode()).isEqualTo(201);
        var v1Again = post("2025-09-29", "/checkout_sessions", "{\"items\":[{\"id\":\"mug\",\"quantity\":2}]}", "k-" + key);
        assertThat(v1Again.statusCode()).isEqualTo(409);
        assertError("2025-09-29", v1Again, "idempotency_conflict", null);

        // No key: each request runs (no idempotency), unlike 2026-04-17 which requires the key.
        long before = sessionCount();
        assertThat(post(v, "/checkout_sessions", body, null).statusCode()).isEqualTo(201);
        assertThat(post(v, "/checkout_sessions", body, null).statusCode()).isEqualTo(201);
        assertThat(sessionCount()).isEqualTo(before + 2);
        var required = post("2026-04-17", "/checkout_sessions", body, null);
        assertThat(required.statusCode()).isEqualTo(400);
        assertThat(json.readTree(required.body()).get("code").asText()).isEqualTo("idempotency_key_required");
    }

    private void assertValidSession(String version, JsonNode body) {
        assertThat(AcpSchemas.validateSession(version, body)).as(version + " " + body).isEmpty();
    }

    private void assertError(String version, HttpResponse<String> response, String code, String param)
            throws Exception {
        JsonNode error = json.readTree(response.body());
        assertThat(error.get("type").asText()).isEqualTo("invalid_request");
        assertThat(error.get("code").asText()).as(response.body()).isEqualTo(code);
        if (param != null) {
            assertThat(error.get("param").asText()).as(response.body()).isEqualTo(param);
        }
        assertThat(error.has("supported_versions")).isFalse();
        assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Error", error)).isEmpty();
    }

    private long sessionCount() {
        return jdbc.queryForObject("select count(*) from session_view", Long.class);
    }

    private HttpResponse<String> post(String version, String path, String body, String key) throws Exception {
        var builder = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", version).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String version, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", version).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
