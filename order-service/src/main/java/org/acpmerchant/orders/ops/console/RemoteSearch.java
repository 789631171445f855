package org.acpmerchant.orders.ops.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.orders.order.query.AcpOrderDocument;

/** Asks another service's {@code POST /ops/search} for the checkout sessions an e-mail or a PaymentIntent belongs to. */
public class RemoteSearch {

    private final Map<String, String> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public RemoteSearch(Map<String, String> services) {
        this.services = services;
    }

    public List<String> sessions(String service, String field, String value, String authorization) throws Exception {
        String base = services.get(service);
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("acp.ops.services." + service + " is not configured");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/ops/search"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        AcpOrderDocument.JSON.createObjectNode().put(field, value).toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(service + " answered " + response.statusCode());
        }
        List<String> sessions = new ArrayList<>();
        for (JsonNode row : AcpOrderDocument.JSON.readTree(response.body())) {
            sessions.add(row.path("session_id").asText());
        }
        return sessions;
    }
}
