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

/** The optional ACP services (carts, the MCP binding) over HTTP on a real PostgreSQL and Kafka, stand-in pricing. */
class CartAndMcpIT extends CheckoutApiIntegrationTest {




    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void create_get_replace_cancel_thenNotFound() throws Exception {
        var created = send("POST", "/carts", "{\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":2}]}", true);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode cart = json.readTree(created.body());
        assertThat(AcpSchemas.validateCart("2026-04-17", "Cart", cart)).isEmpty();
        assertThat(cart.at("/line_items/0/quantity").asInt()).isEqualTo(2);
        String id = cart.get("id").asText();

        assertThat(json.readTree(send("GET", "/carts/" + id, null, false).body())).isEqualTo(cart);
        var replaced = send("PUT", "/carts/" + id, "{\"line_items\":[{\"id\":\"mug\"}],\"buyer\":{\"email\":\"a@b.co\"}}", true);
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(AcpSchemas.validateCart("2026-04-17", "Cart", json.readTree(replaced.body()))).isEmpty();
        assertThat(json.readTree(replaced.body()).at("/line_items/0/item/id").asText()).isEqualTo("mug");

        assertThat(send("POST", "/carts/" + id + "/cancel", "{}", true).statusCode()).isEqualTo(200);
        var gone = send("GET", "/carts/" + id, null, false);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json.readTree(gone.body()).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void badCarts_areRefused() throws Exception {
        var empty = send("POST", "/carts", "{\"line_items\":[]}", true);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json.readTree(empty.body()).get("code").asText()).isEqualTo("missing_line_items");
        var unknown = send("POST", "/carts", "{\"line_items\":[{\"id\":\"ghost\"}]}", true);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("code").asText()).isEqualTo("invalid_item_id");
        assertThat(send("POST", "/carts", "{\"line_items\":[{\"id\":\"mug\"}]}", false).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/carts/cart_nope", null, false).statusCode()).isEqualTo(404);
    }

    @Test
    void mcp_officialCreateExample_thenGetUpdateCancel_andErrors() throws Exception {
        JsonNode example = AcpSchemas.example("2026-04-17", "examples.mcp.agentic_checkout.json",
                "create_checkout_session_request");
        String create = example.toString().replace("item_123", "shirt-m");
        JsonNode created = json.readTree(mcp(create).body());
        assertThat(created.get("id").asInt()).isEqualTo(1);
        JsonNode session = created.get("result");
        assertThat(AcpSchemas.validateSession("2026-04-17", session)).isEmpty();
        String id = session.get("id").asText();

        JsonNode got = json.readTree(mcp(call(2, "get_checkout_session", "\"id\":\"" + id + "\"")).body());
        assertThat(got.get("result")).isEqualTo(session);
        JsonNode updated = json.readTree(mcp(call(3, "update_checkout_session", "\"id\":\"" + id
                + "\",\"payload\":{\"line_items\":[{\"id\":\"mug\",\"quantity\":2}]}")).body());
        assertThat(updated.at("/result/line_items/0/quantity").asInt()).isEqualTo(2);
        JsonNode canceled = json.readTree(mcp(call(4, "cancel_checkout_session", "\"id\":\"" + id + "\"")).body());
        assertThat(canceled.at("/result/status").asText()).isEqualTo("canceled");

        JsonNode missing = json.readTree(mcp(call(5, "create_checkout_session",
                "\"payload\":{\"line_items\":[{\"id\":\"mug\"}],\"capabilities\":{}}")).body());
        assertThat(missing.at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(missing.at("/error/data/code").asText()).isEqualTo("missing");
        assertThat(missing.at("/error/data/param").asText()).isEqualTo("$.payload.currency");
        assertThat(AcpSchemas.validate("2026-04-17", "schema.agentic_checkout.json", "Error", missing.at("/error/data")))
                .isEmpty();
        JsonNode unknown = json.readTree(mcp("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"nope\"}").body());
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);
        JsonNode tools = json.readTree(mcp("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}").body());
        assertThat(tools.at("/result/tools")).hasSize(5);
    }

    private static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"meta\":{\"api_version\":\"2026-04-17\",\"idempotency_key\":\""
                + UUID.randomUUID() + "\"}," + args + "}}}";
    }

    private HttpResponse<String> mcp(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body, boolean key) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("API-Version", "2026-04-17")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key) {
            builder.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
