package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A minimal ACP agent for tests and benchmarks: bearer token, an API-Version (2026-04-17 unless given), a fresh
 * Idempotency-Key.
 */
public final class AcpClient {

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {}

    private final String baseUrl;
    private final String token;
    private final String apiVersion;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> headers;

    public AcpClient(String baseUrl, String token) {
        this(baseUrl, token, "2026-04-17");
    }

    public AcpClient(String baseUrl, String token, String apiVersion) {
        this(baseUrl, token, apiVersion, Map.of());
    }

    private AcpClient(String baseUrl, String token, String apiVersion, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.apiVersion = apiVersion;
        this.headers = Map.copyOf(headers);
    }

    /** This client, sending {@code extra} headers with every request too (e.g. a {@code traceparent}). */
    public AcpClient withHeaders(Map<String, String> extra) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(extra);
        return new AcpClient(baseUrl, token, apiVersion, all);
    }

    public Response post(String path, String body) {
        return post(path, body, UUID.randomUUID().toString());
    }

    public Response post(String path, String body, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private Response send(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = http.send(builder.header("Authorization", "Bearer " + token)
                    .header("API-Version", apiVersion).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), json.readTree(response.body()), response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String createBody(String itemId, int quantity) {
        return "{\"currency\":\"usd\",\"line_items\":[{\"id\":\"" + itemId + "\",\"quantity\":" + quantity + "}],"
                + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},"
                + "\"buyer\":{\"first_name\":\"Jane\",\"last_name\":\"Doe\",\"email\":\"jane@example.com\"},"
                + "\"fulfillment_details\":{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"address\":{"
                + "\"name\":\"Jane Doe\",\"line_one\":\"1 Market St\",\"city\":\"San Francisco\",\"state\":\"CA\","
                + "\"country\":\"US\",\"postal_code\":\"94105\"}}}";
    }

    public static String completeBody(String token) {
        return "{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\","
                + "\"credential\":{\"type\":\"spt\",\"token\":\"" + token + "\"}}}}";
    }
}
