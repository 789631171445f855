package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A session lives past its snapshots: 60 updates (a snapshot every 50 events) answer 200, and so does the next
 * update after the cache is emptied, when the session is loaded from its snapshot and the events after it.
 */
class LongSessionIT extends CheckoutApiIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired @Qualifier("checkoutSessionCache") Cache sessions;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sixtyUpdates_andALoadFromTheSnapshot_allSucceed() throws Exception {
        var created = post("/checkout_sessions", CheckoutEdgeIT.CREATE);
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();

        for (int i = 1; i <= 60; i++) {
            var updated = post("/checkout_sessions/" + id,
                    "{\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":" + (1 + i % 5) + "}]}");
            assertThat(updated.statusCode()).as("update %d: %s", i, updated.body()).isEqualTo(200);
        }
        Integer snapshots = jdbc.queryForObject(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?", Integer.class, id);
        assertThat(snapshots).as("the session was snapshotted").isPositive();

        sessions.removeAll();
        var afterSnapshot = post("/checkout_sessions/" + id, "{\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":4}]}");
        assertThat(afterSnapshot.statusCode()).as(afterSnapshot.body()).isEqualTo(200);
        assertThat(json.readTree(afterSnapshot.body()).at("/line_items/0/quantity").asInt()).isEqualTo(4);
        var canceled = post("/checkout_sessions/" + id + "/cancel", "{}");
        assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
        assertThat(json.readTree(canceled.body()).get("status").asText()).isEqualTo("canceled");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("API-Version", CheckoutEdgeIT.V)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
