package org.acpmerchant.checkout.session.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ops/search {"email": "…"}} (an ops read, behind the ops roles): the checkout sessions of a buyer's
 * e-mail, newest first, at most 100. A POST so that the e-mail is in no URL and no access log. Scans the session
 * views: an ops query, not a path agents take.
 */
@RestController
class OpsSessionSearchController {

    private final JdbcTemplate jdbc;

    OpsSessionSearchController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Search(String email) {}

    @PostMapping("/ops/search")
    ResponseEntity<Object> search(@RequestBody Search body) {
        if (body == null || body.email() == null || body.email().isBlank() || body.email().length() > 320) {
            return ResponseEntity.badRequest().body(Map.of("type", "invalid_request", "code", "invalid_query",
                    "message", "Give the buyer's email."));
        }
        List<Map<String, Object>> rows = jdbc.queryForList("select session_id, status, updated_at from session_view"
                + " where lower(document::jsonb #>> '{inputs,buyer,email}') = lower(?) order by updated_at desc limit 100",
                body.email().trim());
        return ResponseEntity.ok(rows);
    }
}
