package org.acpmerchant.payment.payment.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ops/search {"payment_intent": "pi_…"}} (an ops read, behind the ops roles): the payment and checkout
 * session a Stripe PaymentIntent belongs to, from the stored {@code PaymentAuthorized} events. Scans them: an ops
 * query, not a path agents take.
 */
@RestController
class OpsPaymentSearchController {

    private final JdbcTemplate jdbc;

    OpsPaymentSearchController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @PostMapping("/ops/search")
    ResponseEntity<Object> search(@RequestBody Map<String, String> body) {
        String intent = body == null ? null : body.get("payment_intent");
        if (intent == null || !intent.matches("pi_[A-Za-z0-9_]{1,120}")) {
            return ResponseEntity.badRequest().body(Map.of("type", "invalid_request", "code", "invalid_query",
                    "message", "Give a PaymentIntent id (pi_…)."));
        }
        List<Map<String, Object>> rows = jdbc.queryForList("select distinct p->>'paymentId' as payment_id,"
                + " p->>'sessionId' as session_id from (select convert_from(payload, 'UTF8')::jsonb as p"
                + " from domain_event_entry where payload_type like '%PaymentAuthorized') e"
                + " where p->>'providerReference' = ? limit 100", intent);
        return ResponseEntity.ok(rows);
    }
}
