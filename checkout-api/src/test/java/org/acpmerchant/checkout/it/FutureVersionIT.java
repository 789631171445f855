package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Adding ACP version N+1 is one class and one registry line (ADR 0015): a synthetic 2099-01-01 ({@link V2099_01_01},
 * {@code line_items} renamed {@code lines}) registered beside the released versions is served end to end — the edge
 * accepts it, sessions are created, updated and read in its shape, its errors name its fields, discovery and the
 * supported-versions lists carry it, and 2026-04-17 reads the same sessions unchanged. (Its own context: the other
 * ITs see only the released versions.)
 */
@Import(FutureVersionIT.Future.class)
class FutureVersionIT extends CheckoutApiIntegrationTest {

    @TestConfiguration
    static class Future {
        /** The registry line a release would add to {@link AcpVersions#RELEASES}. */
        @Bean
        AcpVersions.Release v2099_01_01() {
            return new AcpVersions.Release(V2099_01_01.NAME, (next, merchant) -> new V2099_01_01(next));
        }
    }

    static final String V = V2099_01_01.NAME;
    static final String CREATE = CheckoutEdgeIT.CREATE.replace("\"line_items\"", "\"lines\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aSessionIsCreatedUpdatedAndReadInTheNewShape_andTheCanonicalVersionReadsItUnchanged() throws Exception {
        var created = post(V, "/checkout_sessions", CREATE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode session = json.readTree(created.body());
        assertThat(session.has("line_items")).isFalse();
        assertThat(session.at("/lines/0/item/id").asText()).isEqualTo("shirt-m");
        assertThat(session.at("/lines/0/quantity").asInt()).isEqualTo(2);
        assertThat(session.at("/protocol/version").asText()).isEqualTo(V);
        String id = session.get("id").asText();

        var updated = post(V, "/checkout_sessions/" + id, "{\"lines\":[{\"id\":\"mug\",\"quantity\":3}]}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode after = json.readTree(updated.body());
        assertThat(after.at("/lines/0/item/id").asText()).isEqualTo("mug");
        assertThat(json.readTree(get(V, "/checkout_sessions/" + id).body())).isEqualTo(after);

        JsonNode canonical = json.readTree(get("2026-04-17", "/checkout_sessions/" + id).body());
        assertThat(canonical.at("/line_items/0/item/id").asText()).isEqualTo("mug");
        assertThat(canonical.has("lines")).isFalse();
        assertThat(canonical.at("/protocol/version").asText()).isEqualTo("2026-04-17");
        assertThat(AcpSchemas.validateSession("2026-04-17", canonical)).isEmpty();
        // the same canonical body, renamed, is what the new version answered
        ((com.fasterxml.jackson.databind.node.ObjectNode) canonical).set("lines",
                ((com.fasterxml.jackson.databind.node.ObjectNode) canonical).remove("line_items"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) canonical.get("protocol")).put("version", V);
        assertThat(after).isEqualTo(canonical);
    }

    @Test
    void itsErrorsNameItsOwnFields_andEveryListOfVersionsCarriesIt() throws Exception {
        var bad = post(V, "/checkout_sessions", CREATE.replace("\"quantity\":2", "\"quantity\":0"));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("param").asText()).startsWith("$.lines[0]");

        var unknown = post("2098-01-01", "/checkout_sessions", CREATE);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("supported_versions").get(0).asText()).isEqualTo(V);

        JsonNode discovery = json.readTree(http.send(HttpRequest.newBuilder(uri("/.well-known/acp.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(discovery.at("/protocol/version").asText()).isEqualTo(V);
        assertThat(discovery.at("/protocol/supported_versions")).extracting(JsonNode::asText)
                .endsWith(V).contains("2026-04-17", "2025-09-29");

        var withoutKey = HttpRequest.newBuilder(uri("/checkout_sessions")).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", V).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CREATE)).build();
        assertThat(http.send(withoutKey, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String version, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", version).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String version, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN)
                .header("API-Version", version).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
