package org.acpmerchant.checkout.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An idempotency key and the business effect it guards commit together: a crash between the effect and the stored
 * response is answered from the effect, and a request whose claim was taken over changes nothing.
 */
class IdempotencyAtomicityIT extends CheckoutApiIntegrationTest {

    private static final String V = "2026-04-17";

    @Autowired JdbcTemplate jdbc;
    @Autowired IdempotencyStore store;
    @Autowired CheckoutSessions sessions;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void effectCommittedButResponseLost_isAnsweredFromTheSession_neverExecutedTwice() throws Exception {
        String key = UUID.randomUUID().toString();
        var first = post("/checkout_sessions", CheckoutEdgeIT.CREATE, key);
        assertThat(first.statusCode()).isEqualTo(201);
        String sessionId = json.readTree(first.body()).get("id").asText();
        assertThat(row(key, "effect_ref")).isEqualTo(sessionId);

        // As if the process died after the effect committed and before the response was stored, lease still held.
        loseResponse(key, "now() + interval '1 hour'");
        var whileLeased = post("/checkout_sessions", CheckoutEdgeIT.CREATE, key);
        assertThat(whileLeased.statusCode()).isEqualTo(409);
        assertThat(json.readTree(whileLeased.body()).get("code").asText()).isEqualTo("idempotency_in_flight");
        assertThat(whileLeased.headers().firstValue("Retry-After")).as("soon, not when the hour's lease ends")
                .contains("2");

        loseResponse(key, "now() - interval '1 second'");
        long events = count("domain_event_entry");
        long views = count("session_view");
        var recovered = post("/checkout_sessions", CheckoutEdgeIT.CREATE, key);

        assertThat(recovered.statusCode()).isEqualTo(201);
        assertThat(recovered.headers().firstValue("Idempotent-Replayed")).contains("true");
        JsonNode body = json.readTree(recovered.body());
        assertThat(body.get("id").asText()).isEqualTo(sessionId);
        assertThat(body.get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(count("domain_event_entry")).isEqualTo(events);
        assertThat(count("session_view")).isEqualTo(views);
        assertThat(row(key, "state")).isEqualTo("completed");

        var replay = post("/checkout_sessions", CheckoutEdgeIT.CREATE, key);
        assertThat(replay.body()).isEqualTo(recovered.body());
    }

    @Test
    void cartWriteCommittedButResponseLost_isAnsweredFromTheCart() throws Exception {
        String key = UUID.randomUUID().toString();
        String cart = "{\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":1}]}";
        var first = post("/carts", cart, key);
        assertThat(first.statusCode()).isEqualTo(201);
        String cartId = json.readTree(first.body()).get("id").asText();
        loseResponse(key, "now() - interval '1 second'");
        long carts = count("cart");

        var recovered = post("/carts", cart, key);

        assertThat(recovered.statusCode()).isEqualTo(201);
        assertThat(recovered.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json.readTree(recovered.body()).get("id").asText()).isEqualTo(cartId);
        assertThat(count("cart")).isEqualTo(carts);
    }

    @Test
    void aRequestWhoseClaimWasTakenOver_changesNothing_andTheRetryAppliesOnce() {
        byte[] body = CheckoutEdgeIT.CREATE.getBytes(StandardCharsets.UTF_8);
        var inputs = new AcpRequestParser().parseCreate(body).inputs();
        String key = UUID.randomUUID().toString();
        String fingerprint = RequestFingerprint.of(body);
        var slow = (IdempotencyStore.Proceed) store.claim("chatgpt", "/checkout_sessions", key, fingerprint);
        jdbc.update("update idempotency_record set locked_until = now() - interval '1 second' where idempotency_key = ?",
                key);
        var retry = (IdempotencyStore.Proceed) store.claim("chatgpt", "/checkout_sessions", key, fingerprint);
        assertThat(retry.claimId()).isNotEqualTo(slow.claimId());
        long events = count("domain_event_entry");
        long views = count("session_view");

        var slowCaller = new CheckoutSessions.Caller("chatgpt", null,
                new IdempotencyKey("chatgpt", "/checkout_sessions", key, slow.claimId()));
        assertThatThrownBy(() -> sessions.create(slowCaller, inputs))
                .isInstanceOf(IdempotencyStore.ClaimLostException.class);
        assertThat(count("domain_event_entry")).isEqualTo(events);
        assertThat(count("session_view")).isEqualTo(views);
        assertThat(row(key, "state")).isEqualTo("in_flight");

        var retryCaller = new CheckoutSessions.Caller("chatgpt", null,
                new IdempotencyKey("chatgpt", "/checkout_sessions", key, retry.claimId()));
        var created = sessions.create(retryCaller, inputs);
        assertThat(count("session_view")).isEqualTo(views + 1);
        assertThat(row(key, "state")).isEqualTo("applied");
        assertThat(row(key, "effect_ref")).isEqualTo(created.id());
    }

    private void loseResponse(String key, String lockedUntil) {
        assertThat(jdbc.update("update idempotency_record set state = 'applied', response_status = null, "
                + "response_body = null, locked_until = " + lockedUntil + " where idempotency_key = ?", key))
                .isEqualTo(1);
    }

    private String row(String key, String column) {
        return jdbc.queryForObject("select " + column + " from idempotency_record where idempotency_key = ?",
                String.class, key);
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("API-Version", V)
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
