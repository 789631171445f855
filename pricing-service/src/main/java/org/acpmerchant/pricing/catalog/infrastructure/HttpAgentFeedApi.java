package org.acpmerchant.pricing.catalog.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.pricing.catalog.application.AgentFeedApi;

/**
 * The agent's Feed API over HTTP (JDK client): bearer token, {@code API-Version}, JSON. A call that fails with an
 * I/O error, 408, 429 or 5xx is retried up to {@code maxAttempts} times with exponential backoff from
 * {@code initialBackoff} (doubling, at most 30 s); any other status fails at once. {@code POST /feeds} carries one
 * {@code Idempotency-Key} across its retries.
 */
public class HttpAgentFeedApi implements AgentFeedApi {

    private final String baseUrl;
    private final String token;
    private final String apiVersion;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json;
    private final AtomicInteger attempts = new AtomicInteger();

    public HttpAgentFeedApi(String baseUrl, String token, String apiVersion, int maxAttempts, Duration initialBackoff,
            ObjectMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.apiVersion = apiVersion;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.initialBackoff = initialBackoff;
        this.json = json;
    }

    @Override
    public String createFeed(String targetCountry) {
        ObjectNode body = json.createObjectNode();
        if (targetCountry != null) {
            body.put("target_country", targetCountry);
        }
        JsonNode created = send("POST", "/feeds", body, UUID.randomUUID().toString());
        String id = created.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("POST /feeds answered without an id");
        }
        return id;
    }

    @Override
    public void upsertProducts(String feedId, List<ObjectNode> products) {
        ObjectNode body = json.createObjectNode();
        body.putArray("products").addAll(products);
        send("PATCH", "/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8) + "/products", body, null);
    }

    @Override
    public int attempts() {
        return attempts.get();
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    private JsonNode send(String method, String path, ObjectNode body, String idempotencyKey) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Duration backoff = initialBackoff;
        String failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
            attempts.incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("API-Version", apiVersion)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
                }
                failure = method + " " + path + " answered " + status + ": " + abbreviate(response.body());
                if (status != 408 && status != 429 && status < 500) {
                    throw new IllegalStateException(failure);
                }
            } catch (IOException e) {
                failure = method + " " + path + " failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(failure + " (after " + maxAttempts + " attempts)");
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
