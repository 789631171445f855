package org.acpmerchant.orders.ops.console.web;

import org.acpmerchant.orders.ops.console.ConsoleStore;
import org.acpmerchant.orders.ops.console.RemoteSearch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.orders.webhook.WebhookOutbox;
import org.acpmerchant.platform.ops.OpsActionLog;
import org.acpmerchant.platform.ops.OpsProperties;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops console's own endpoints (ADR 0029). Signing in ({@code POST /console/session} with the ops token as JSON)
 * opens a session whose cookie is HttpOnly and SameSite=Strict; from then on the console's page calls the ops API
 * ({@code /ops/**}) with that cookie and, for changes, the session's CSRF token. Here too: who is signed in
 * ({@code /ops/me}), the action record ({@code /ops/actions}), finding orders, one order with its money and webhook
 * deliveries, and redelivery.
 */
@RestController
public class ConsoleController {

    private final ConsoleStore store;
    private final OpsTokenFilter authentication;
    private final OrderViewRepository views;
    private final WebhookOutbox outbox;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RemoteSearch remote;
    private final UpstreamAuthorization upstream;

    public ConsoleController(ConsoleStore store, OpsTokenFilter authentication, OrderViewRepository views,
            WebhookOutbox outbox, JdbcTemplate jdbc, Clock clock, OpsProperties ops, UpstreamAuthorization upstream) {
        this.store = store;
        this.authentication = authentication;
        this.views = views;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
        this.remote = new RemoteSearch(ops.services());
        this.upstream = upstream;
    }

    record SignIn(String token) {}

    @GetMapping({"/console", "/console/"})
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/console/index.html")).build();
    }

    @PostMapping(path = "/console/session", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> signIn(@RequestBody SignIn body, HttpServletRequest request) {
        if (!sameOrigin(request)) {
            return error(HttpStatus.FORBIDDEN, "cross_origin", "Sign in from the console's own page.");
        }
        Optional<OpsTokenFilter.Caller> caller = body == null || body.token() == null || body.token().length() > 200
                ? Optional.empty() : authentication.authenticate(body.token());
        if (caller.isEmpty()) {
            store.record(new OpsActionLog.Action(clock.instant(), "unknown", null, "console", "POST", "/console/session",
                    401, request.getRemoteAddr(), request.getHeader("User-Agent")));
            return error(HttpStatus.UNAUTHORIZED, "unauthorized", "That is not an ops token.");
        }
        String id = store.open(caller.get(), request.getRemoteAddr(), request.getHeader("User-Agent"));
        store.record(new OpsActionLog.Action(clock.instant(), caller.get().actor(), caller.get().role().wireName(),
                "console", "POST", "/console/session", 201, request.getRemoteAddr(), request.getHeader("User-Agent")));
        ResponseCookie cookie = ResponseCookie.from(OpsTokenFilter.SESSION_COOKIE, id).httpOnly(true)
                .secure(request.isSecure()).sameSite("Strict").path("/").maxAge(ConsoleStore.LIFETIME).build();
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(Map.of("actor", caller.get().actor(), "role", caller.get().role().wireName()));
    }

    @DeleteMapping("/console/session")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        if (!sameOrigin(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (OpsTokenFilter.SESSION_COOKIE.equals(c.getName())) {
                    store.close(c.getValue());
                }
            }
        }
        ResponseCookie gone = ResponseCookie.from(OpsTokenFilter.SESSION_COOKIE, "").httpOnly(true)
                .secure(request.isSecure()).sameSite("Strict").path("/").maxAge(0).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, gone.toString()).build();
    }

    @GetMapping("/ops/me")
    Map<String, Object> me(HttpServletRequest request) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("actor", request.getAttribute(OpsTokenFilter.ACTOR));
        me.put("role", ((OpsTokenFilter.Role) request.getAttribute(OpsTokenFilter.ROLE)).wireName());
        me.put("csrf", request.getAttribute(OpsTokenFilter.CSRF));
        return me;
    }

    @GetMapping("/ops/actions")
    List<Map<String, Object>> actions(@RequestParam(defaultValue = "100") int limit) {
        return store.actions(limit);
    }

    /**
     * Orders by order id or checkout session id ({@code q}), or updated in a time range ({@code from}, {@code to}, RFC
     * 3339), newest first, at most 100.
     */
    @GetMapping("/ops/find")
    ResponseEntity<Object> find(@RequestParam(required = false) String q, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        String select = "select order_id, session_id, status, document::json->'totals' as totals, updated_at"
                + " from order_view ";
        List<Map<String, Object>> rows;
        if (q != null && !q.isBlank()) {
            String term = q.trim();
            rows = jdbc.queryForList(select + "where order_id = ? or session_id = ? order by updated_at desc limit 100",
                    term, term);
        } else if (from != null || to != null) {
            Instant start;
            Instant end;
            try {
                start = from == null || from.isBlank() ? Instant.EPOCH : Instant.parse(from);
                end = to == null || to.isBlank() ? clock.instant() : Instant.parse(to);
            } catch (DateTimeParseException e) {
                return ResponseEntity.badRequest().body(Map.of("type", "invalid_request", "code", "invalid_time",
                        "message", "from and to are RFC 3339 instants, like 2026-12-05T10:00:00Z."));
            }
            rows = jdbc.queryForList(select + "where updated_at between ? and ? order by updated_at desc limit 100",
                    Timestamp.from(start), Timestamp.from(end));
        } else {
            rows = jdbc.queryForList(select + "order by updated_at desc limit 20");
        }
        rows.forEach(r -> r.put("totals", String.valueOf(r.get("totals"))));
        return ResponseEntity.ok(rows);
    }

    record Search(String q) {}

    /**
     * {@code POST /ops/search {"q": …}} (a read; a POST so that an e-mail is in no URL): orders, and checkout sessions
     * without one, by order id, checkout session id, buyer e-mail (asked of checkout-api) or Stripe PaymentIntent id
     * (asked of payment-service), newest first.
     */
    @PostMapping("/ops/search")
    ResponseEntity<Object> search(@RequestBody Search body, HttpServletRequest request) {
        String q = body == null || body.q() == null ? "" : body.q().trim();
        if (q.isEmpty() || q.length() > 320) {
            return ResponseEntity.badRequest().body(Map.of("type", "invalid_request", "code", "invalid_query",
                    "message", "Give an order id, a checkout session id, a buyer's e-mail or a PaymentIntent id."));
        }
        List<String> sessions;
        Map<String, String> sources = new LinkedHashMap<>();
        if (q.contains("@") || q.startsWith("pi_")) {
            String service = q.contains("@") ? "checkout" : "payment";
            String field = q.contains("@") ? "email" : "payment_intent";
            try {
                sessions = remote.sessions(service, field, q,
                        upstream.forCaller(request.getHeader(HttpHeaders.AUTHORIZATION)));
                sources.put(service, "ok");
            } catch (Exception e) {
                sessions = List.of();
                sources.put(service, "error: " + e.getMessage());
            }
        } else {
            sessions = jdbc.queryForList("select session_id from order_view where order_id = ?", String.class, q);
            sessions = sessions.isEmpty() ? List.of(q) : sessions;
        }
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (String session : sessions.stream().distinct().limit(100).toList()) {
            List<Map<String, Object>> orders = jdbc.queryForList("select order_id, session_id, status,"
                    + " document::json->'totals' as totals, updated_at from order_view where session_id = ?", session);
            orders.forEach(r -> r.put("totals", String.valueOf(r.get("totals"))));
            if (orders.isEmpty() && (q.contains("@") || q.startsWith("pi_") || q.equals(session))) {
                Map<String, Object> none = new LinkedHashMap<>();
                none.put("order_id", null);
                none.put("session_id", session);
                none.put("status", "no order");
                rows.add(none);
            }
            rows.addAll(orders);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("results", rows);
        result.put("sources", sources);
        return ResponseEntity.ok(result);
    }

    /** One order: the document the agent sees, its money, and its webhook deliveries. */
    @GetMapping("/ops/orders/{id}")
    ResponseEntity<Object> order(@PathVariable String id) {
        Optional<ObjectNode> order = views.find(id);
        if (order.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("type", "invalid_request", "code", "not_found", "message", "No such order."));
        }
        long total = amount(order.get(), "total");
        long refunded = amount(order.get(), "amount_refunded");
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("currency", order.get().path("currency").asText(null));
        money.put("total", total);
        money.put("refunded", refunded);
        money.put("remaining_refundable", Math.max(0, total - refunded));
        Map<String, Object> body = new LinkedHashMap<>();
        // a Jackson 2 tree, which the web layer's Jackson 3 would write as a bean: handed over as plain maps and lists
        body.put("order", AcpOrderDocument.JSON.convertValue(order.get(), Map.class));
        body.put("money", money);
        body.put("webhook_deliveries", outbox.deliveriesOf(id));
        return ResponseEntity.ok(body);
    }

    @GetMapping("/ops/orders/{id}/webhook-deliveries")
    List<WebhookOutbox.DeliveryView> deliveries(@PathVariable String id) {
        return outbox.deliveriesOf(id);
    }

    @PostMapping("/ops/webhook-deliveries/{deliveryId}/redeliver")
    ResponseEntity<Map<String, String>> redeliver(@PathVariable String deliveryId) {
        return outbox.redeliver(deliveryId, clock.instant())
                ? ResponseEntity.accepted().body(Map.of("id", deliveryId, "status", WebhookOutbox.PENDING))
                : ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("type", "invalid_request", "code", "not_parked",
                        "message", "Only a parked delivery can be sent again."));
    }

    private static long amount(ObjectNode order, String type) {
        for (var t : order.path("totals")) {
            if (type.equals(t.path("type").asText())) {
                return t.path("amount").asLong();
            }
        }
        return 0;
    }

    /** A browser sends Origin with a POST or DELETE; when it does, it must be this host. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        return origin.equals("http://" + host) || origin.equals("https://" + host);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("type", "invalid_request", "code", code, "message", message));
    }
}
