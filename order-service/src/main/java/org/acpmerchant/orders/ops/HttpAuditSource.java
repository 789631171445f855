package org.acpmerchant.orders.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.orders.order.query.AcpOrderDocument;

/** {@link AuditSource} over another service's {@code GET /ops/events}, with the caller's ops bearer token. */
public class HttpAuditSource implements AuditSource {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final String name;
    private final String baseUrl;

    public HttpAuditSource(String name, String baseUrl) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<JsonNode> eventsOfSession(String sessionId, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/ops/events?session_id="
                        + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " answered HTTP " + response.statusCode());
        }
        List<JsonNode> events = new ArrayList<>();
        AcpOrderDocument.JSON.readTree(response.body()).path("events").forEach(events::add);
        return events;
    }
}
