package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The parts of the 2026-04-17 surface beyond the basic flow: pickup and local delivery options with a per-jurisdiction
 * tax breakdown, write-only affiliate attribution and intent traces (stored, never returned), and marketing consent.
 */
class SessionSurfaceIT extends CheckoutApiIntegrationTest {

    private static final String V = "2026-04-17";
    private static final String ATTRIBUTION = "\"affiliate_attribution\":{\"provider\":\"impact.com\","
            + "\"token\":\"atk_secret_123\",\"publisher_id\":\"pub_42\",\"campaign_id\":\"spring\","
            + "\"source\":{\"type\":\"url\",\"url\":\"https://blog.example/post\"},\"metadata\":{\"slot\":3}}";

    @Autowired JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void pickupAndLocalDelivery_areOffered_pickupSelected_taxBrokenDownByJurisdiction() throws Exception {
        String id = create(CheckoutEdgeIT.CREATE);
        JsonNode created = json.readTree(get(V, id).body());
        List<String> types = new ArrayList<>();
        created.get("fulfillment_options").forEach(o -> types.add(o.get("type").asText()));
        assertThat(types).containsExactly("shipping", "pickup", "local_delivery");
        JsonNode local = created.get("fulfillment_options").get(2);
        assertThat(local.at("/delivery_window/start").isTextual()).isTrue();
        assertThat(local.at("/service_area/center_postal_code").asText()).isEqualTo("94105");

        var updated = post("/checkout_sessions/" + id, "{\"selected_fulfillment_options\":[{\"type\":\"pickup\","
                + "\"option_id\":\"pickup_store_1\",\"item_ids\":[\"shirt-m\"]}]}", key());
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode session = json.readTree(updated.body());
        assertThat(AcpSchemas.validateSession(V, session)).isEmpty();
        assertThat(session.at("/selected_fulfillment_options/0/type").asText()).isEqualTo("pickup");
        assertThat(session.at("/fulfillment_options/1/location/address/city").asText()).isEqualTo("San Francisco");
        assertThat(session.at("/fulfillment_options/1/pickup_type").asText()).isEqualTo("in_store");
        JsonNode tax = total(session, "tax");
        assertThat(tax.get("amount").asLong()).isEqualTo(425);
        assertThat(tax.get("breakdown")).hasSize(2);
        assertThat(tax.get("breakdown").findValues("amount").stream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(tax.get("amount").asLong());
        assertThat(tax.at("/breakdown/1/rate").decimalValue()).isEqualByComparingTo("0.025");
        assertThat(total(session, "total").get("amount").asLong()).isEqualTo(5000 + 425);

        // Versions without pickup, local delivery or breakdowns see neither, and stay valid against their schema.
        for (String old : new String[] {"2025-09-29", "2025-12-12", "2026-01-16"}) {
            JsonNode downgraded = json.readTree(get(old, id).body());
            assertThat(downgraded.toString()).doesNotContain("pickup_store_1").doesNotContain("breakdown");
            assertThat(AcpSchemas.validateSession(old, downgraded)).as(old).isEmpty();
        }
        JsonNode v0130 = json.readTree(get("2026-01-30", id).body());
        assertThat(v0130.toString()).contains("pickup_store_1").contains("breakdown");
        assertThat(AcpSchemas.validateSession("2026-01-30", v0130)).isEmpty();
    }

    @Test
    void affiliateAttribution_isStoredForBothTouchpoints_neverReturned_firstClaimWins() throws Exception {
        String body = CheckoutEdgeIT.CREATE.substring(0, CheckoutEdgeIT.CREATE.length() - 1) + "," + ATTRIBUTION + "}";
        var created = post("/checkout_sessions", body, key());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();
        assertThat(created.body()).doesNotContain("impact.com").doesNotContain("atk_secret_123");
        assertThat(get(V, id).body()).doesNotContain("impact.com");

        Map<String, Object> first = jdbc.queryForMap(
                "select * from session_attribution where session_id = ? and touchpoint = 'first'", id);
        assertThat(first).containsEntry("provider", "impact.com").containsEntry("token", "atk_secret_123")
                .containsEntry("publisher_id", "pub_42").containsEntry("agent_id", "chatgpt")
                .containsEntry("source_type", "url");
        assertThat(first.get("metadata").toString()).contains("\"slot\":3");

        String complete = "{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\","
                + "\"credential\":{\"type\":\"spt\",\"token\":\"spt_test\"}}},"
                + "\"affiliate_attribution\":{\"provider\":\"impact.com\",\"publisher_id\":\"pub_last\"},"
                + "\"buyer\":{\"email\":\"Buyer@Example.com\",\"customer_id\":\"cust_7\"},"
                + "\"marketing_consents\":[{\"channel\":\"email\",\"opted_in\":true},"
                + "{\"channel\":\"sms\",\"opted_in\":true},{\"channel\":\"push\",\"opted_in\":true}]}";
        var completed = post("/checkout_sessions/" + id + "/complete", complete, key());
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(completed.body()).doesNotContain("pub_last");
        assertThat(jdbc.queryForObject("select publisher_id from session_attribution where session_id = ? "
                + "and touchpoint = 'last'", String.class, id)).isEqualTo("pub_last");
        assertThat(jdbc.queryForObject("select publisher_id from session_attribution where session_id = ? "
                + "and touchpoint = 'first'", String.class, id)).isEqualTo("pub_42");

        // Marketing consent: email resolved from the buyer and kept; sms has no phone number, push is not offered.
        var consents = jdbc.queryForList("select channel, contact, opted_in, customer_id from marketing_consent "
                + "where session_id = ?", id);
        assertThat(consents).hasSize(1);
        assertThat(consents.get(0)).containsEntry("channel", "email").containsEntry("contact", "buyer@example.com")
                .containsEntry("opted_in", true).containsEntry("customer_id", "cust_7");
        JsonNode after = json.readTree(get(V, id).body());
        assertThat(after.at("/marketing_consent_options/0/channel").asText()).isEqualTo("email");
        assertThat(after.at("/marketing_consent_options/0/is_subscribed").asBoolean()).isTrue();
        assertThat(after.at("/marketing_consent_options/1/is_subscribed").asBoolean()).isFalse();
        assertThat(AcpSchemas.validateSession(V, after)).isEmpty();

        // Another buyer's session typing the same address is not told that it is subscribed.
        String stranger = create(CheckoutEdgeIT.CREATE.replace("\"currency\":\"usd\",",
                "\"currency\":\"usd\",\"buyer\":{\"email\":\"buyer@example.com\"},"));
        JsonNode strangerSession = json.readTree(get(V, stranger).body());
        assertThat(strangerSession.at("/marketing_consent_options/0/is_subscribed").asBoolean()).isFalse();
    }

    @Test
    void attributionWithPersonalData_orBadShape_isRefused_andChangesNothing() throws Exception {
        long sessions = count("session_view");
        long attributions = count("session_attribution");
        String base = CheckoutEdgeIT.CREATE.substring(0, CheckoutEdgeIT.CREATE.length() - 1);
        String[][] cases = {
            {",\"affiliate_attribution\":{\"provider\":\"impact.com\",\"publisher_id\":\"jo@example.com\"}}",
                "pii_not_allowed", "$.affiliate_attribution.publisher_id"},
            {",\"affiliate_attribution\":{\"provider\":\"impact.com\",\"publisher_id\":\"p\",\"sub_id\":\"+1 (415) 555-0100\"}}",
                "pii_not_allowed", "$.affiliate_attribution.sub_id"},
            {",\"affiliate_attribution\":{\"provider\":\"impact.com\"}}", "invalid_type",
                "$.affiliate_attribution.publisher_id"},
            {",\"affiliate_attribution\":{\"provider\":\"impact.com\",\"token\":\"t\",\"metadata\":{\"a\":[1]}}}",
                "invalid_type", "$.affiliate_attribution.metadata.a"},
            {",\"affiliate_attribution\":{\"provider\":\"impact.com\",\"token\":\"t\",\"issued_at\":\"yesterday\"}}",
                "invalid_type", "$.affiliate_attribution.issued_at"},
        };
        for (String[] c : cases) {
            var response = post("/checkout_sessions", base + c[0], key());
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode error = json.readTree(response.body());
            assertThat(error.get("code").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(error.get("param").asText()).as(c[0]).isEqualTo(c[2]);
        }
        // A numeric publisher id is an id, not a phone number.
        var numeric = post("/checkout_sessions", base + ",\"affiliate_attribution\":{\"provider\":\"impact.com\","
                + "\"publisher_id\":\"4155550100\"}}", key());
        assertThat(numeric.statusCode()).isEqualTo(201);
        assertThat(count("session_view")).isEqualTo(sessions + 1);
        assertThat(count("session_attribution")).isEqualTo(attributions + 1);
    }

    @Test
    void intentTrace_isStoredOnCancel_neverReturned_unknownReasonBecomesOther() throws Exception {
        String id = create(CheckoutEdgeIT.CREATE);
        var canceled = post("/checkout_sessions/" + id + "/cancel", "{\"intent_trace\":{\"reason_code\":"
                + "\"found_it_cheaper_on_mars\",\"trace_summary\":\"Buyer compared prices\","
                + "\"metadata\":{\"competitor_price\":4200,\"same_day\":false}}}", key());
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(canceled.body()).doesNotContain("intent_trace").doesNotContain("compared prices");
        Map<String, Object> trace = jdbc.queryForMap("select * from session_intent_trace where session_id = ?", id);
        assertThat(trace).containsEntry("reason_code", "other").containsEntry("summary", "Buyer compared prices")
                .containsEntry("agent_id", "chatgpt");
        assertThat(trace.get("metadata").toString()).contains("\"competitor_price\":4200");
    }

    private String create(String body) throws Exception {
        var created = post("/checkout_sessions", body, key());
        assertThat(created.statusCode()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asText();
    }

    private static JsonNode total(JsonNode session, String type) {
        for (JsonNode t : session.get("totals")) {
            if (type.equals(t.get("type").asText())) {
                return t;
            }
        }
        throw new AssertionError("no " + type + " total");
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", V).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String version, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/checkout_sessions/" + id)).header("Authorization",
                "Bearer " + TOKEN).header("API-Version", version).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
