package org.acpmerchant.stripestandin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stand-in's state and routing: every request is answered here from memory (see the module README). */
final class StripeApi {

    static final String SUCCESS = "spt_test_success";
    static final String DECLINE = "spt_test_decline";
    static final String INSUFFICIENT_FUNDS = "spt_test_insufficient_funds";
    static final String EXPIRED = "spt_test_expired";
    static final String OVER_ALLOWANCE = "spt_test_over_allowance";
    static final String DEACTIVATED = "spt_test_deactivated";
    static final String THREE_DS_REQUIRED = "spt_test_3ds_required";
    static final String THREE_DS_DENIED = "spt_test_3ds_denied";
    static final String TIMEOUT_SUCCEEDED = "spt_test_timeout_succeeded";

    private static final Pattern INTENT = Pattern.compile("/v1/payment_intents/([^/]+)(/(confirm|capture|cancel))?");
    private static final Pattern REFUNDS_OF = Pattern.compile("(?:^|&)payment_intent=([^&]+)");
    private static final Pattern METADATA_QUERY = Pattern.compile("metadata\\['([^']+)'\\]:'([^']*)'");
    private static final Pattern GRANTED_TOKEN = Pattern.compile("/v1/shared_payment/granted_tokens/([^/]+)");
    private static final Set<String> CANCELABLE =
            Set.of("requires_payment_method", "requires_confirmation", "requires_action", "requires_capture");

    private record Reply(int status, Map<String, Object> body, long delayMillis) {}

    private record Remembered(String request, Reply reply) {}

    private record GrantedToken(String currency, long maxAmount, Instant expiresAt, boolean deactivated) {}

    private static final class Intent {
        String id;
        long amount;
        long amountCapturable;
        long amountReceived;
        long amountRefunded;
        String currency;
        String captureMethod;
        String status;
        String token;
        Map<String, String> metadata;
        long created;
        Map<String, Object> lastError;
        String cancellationReason;
        String chargeId;
    }

    private record Refund(String id, String paymentIntent, long amount, String currency, Map<String, String> metadata,
            long created) {}

    private final Clock clock;
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final Map<String, Remembered> idempotent = new HashMap<>();
    private final Map<String, GrantedToken> tokens = new HashMap<>();
    private final Map<String, Refund> refundsById = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private int captures;
    private int cancels;
    private int refunds;
    private volatile Duration slowResponseDelay = Duration.ofSeconds(25);

    StripeApi(Clock clock) {
        this.clock = clock;
    }

    /** What the stand-in answers to one request: the status, the JSON body, whether it replayed an earlier answer. */
    record Answer(int status, String body, boolean replayed, long delayMillis) {}

    /** Answers one request ({@code url} with its query string, {@code idempotencyKey} null when absent). */
    Answer answer(String method, String url, String idempotencyKey, String body) {
        String[] parts = url.split("\\?", 2);
        String path = parts[0];
        requestCounts.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
        Reply reply;
        boolean replayed = false;
        synchronized (this) {
            String fingerprint = method + " " + path + "?" + body;
            Remembered earlier = "POST".equals(method) && idempotencyKey != null ? idempotent.get(idempotencyKey) : null;
            if (earlier != null && earlier.request().equals(fingerprint)) {
                reply = new Reply(earlier.reply().status(), earlier.reply().body(), 0);
                replayed = true;
            } else if (earlier != null) {
                reply = error(400, "idempotency_error", null, null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                        null);
            } else {
                reply = route(method, path, parts.length > 1 ? parts[1] : "", form(body));
                if ("POST".equals(method) && idempotencyKey != null) {
                    idempotent.put(idempotencyKey, new Remembered(fingerprint, reply));
                }
            }
        }
        return new Answer(reply.status(), toJson(reply.body()), replayed, reply.delayMillis());
    }

    private Reply route(String method, String path, String query, Map<String, String> form) {
        if ("POST".equals(method) && path.equals("/v1/payment_intents")) {
            return create(form);
        }
        if ("POST".equals(method) && path.equals("/v1/refunds")) {
            return refund(form);
        }
        if ("GET".equals(method) && path.equals("/v1/payment_intents/search")) {
            return search(query);
        }
        if ("GET".equals(method) && path.equals("/v1/payment_intents")) {
            return listIntents(query);
        }
        if ("GET".equals(method) && path.equals("/v1/refunds")) {
            Matcher of = REFUNDS_OF.matcher(query);
            String intentId = of.find() ? URLDecoder.decode(of.group(1), StandardCharsets.UTF_8) : null;
            return ok(list("/v1/refunds", refundsById.values().stream()
                    .filter(r -> intentId == null || r.paymentIntent().equals(intentId))
                    .map(this::json).toList()));
        }
        Matcher intent = INTENT.matcher(path);
        if (intent.matches()) {
            Intent pi = intents.get(intent.group(1));
            if (pi == null) {
                return missing("payment_intent", intent.group(1));
            }
            String action = intent.group(3);
            if (action == null && "GET".equals(method)) {
                return ok(json(pi));
            }
            if (action != null && "POST".equals(method)) {
                return switch (action) {
                    case "confirm" -> confirm(pi, form);
                    case "capture" -> capture(pi, form);
                    default -> cancel(pi, form);
                };
            }
        }
        Matcher granted = GRANTED_TOKEN.matcher(path);
        if (granted.matches() && "GET".equals(method)) {
            String id = granted.group(1);
            GrantedToken token = token(id);
            return token == null ? missing("shared_payment.granted_token", id) : ok(json(id, token));
        }
        return error(404, "resource_missing", null, null, "Unrecognized request URL (" + method + ": " + path + ").", null);
    }

    private Reply create(Map<String, String> form) {
        String tokenId = form.getOrDefault(
                "shared_payment_granted_token", form.get("payment_method_data[shared_payment_granted_token]"));
        if (tokenId == null) {
            return error(400, "parameter_missing", null, "shared_payment_granted_token",
                    "Missing required param: shared_payment_granted_token.", null);
        }
        if (!form.containsKey("amount") || !form.containsKey("currency")) {
            return error(400, "parameter_missing", null, "amount", "Missing required param: amount.", null);
        }
        GrantedToken token = token(tokenId);
        if (token == null) {
            return missing("shared_payment.granted_token", tokenId);
        }
        long amount = Long.parseLong(form.get("amount"));
        String currency = form.get("currency");
        if (token.deactivated() || !token.expiresAt().isAfter(clock.instant())
                || !token.currency().equals(currency) || amount > token.maxAmount()) {
            return error(400, "shared_payment_granted_token_invalid", null, "shared_payment_granted_token",
                    "The shared payment granted token cannot be used for this payment.", null);
        }
        Intent pi = new Intent();
        pi.id = "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        pi.amount = amount;
        pi.currency = currency;
        pi.captureMethod = form.getOrDefault("capture_method", "automatic");
        pi.token = tokenId;
        pi.created = clock.instant().getEpochSecond();
        pi.metadata = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("metadata[") && k.endsWith("]")) {
                pi.metadata.put(k.substring(9, k.length() - 1), v);
            }
        });
        pi.status = "requires_confirmation";
        intents.put(pi.id, pi);
        if (!"true".equals(form.get("confirm"))) {
            return ok(json(pi));
        }
        Reply reply = firstConfirmation(pi);
        long delay = TIMEOUT_SUCCEEDED.equals(tokenId) ? slowResponseDelay.toMillis() : 0;
        return new Reply(reply.status(), reply.body(), delay);
    }

    private Reply firstConfirmation(Intent pi) {
        switch (pi.token) {
            case DECLINE:
                return decline(pi, "card_declined", "generic_decline", "Your card was declined.");
            case INSUFFICIENT_FUNDS:
                return decline(pi, "card_declined", "insufficient_funds", "Your card has insufficient funds.");
            case THREE_DS_REQUIRED, THREE_DS_DENIED:
                pi.status = "requires_action";
                return ok(json(pi));
            default:
                authorize(pi);
                return ok(json(pi));
        }
    }

    private void authorize(Intent pi) {
        pi.chargeId = "ch_" + pi.id.substring(3);
        if ("manual".equals(pi.captureMethod)) {
            pi.status = "requires_capture";
            pi.amountCapturable = pi.amount;
        } else {
            pi.status = "succeeded";
            pi.amountReceived = pi.amount;
        }
        pi.lastError = null;
    }

    private Reply confirm(Intent pi, Map<String, String> form) {
        if ("requires_confirmation".equals(pi.status)) {
            return firstConfirmation(pi);
        }
        if (!"requires_action".equals(pi.status)) {
            return unexpectedState(pi, "confirm");
        }
        if (THREE_DS_DENIED.equals(pi.token)) {
            return decline(pi, "payment_intent_authentication_failure", null,
                    "We are unable to authenticate your payment method.");
        }
        String prefix = "payment_method_options[card][three_d_secure]";
        String ares = form.get(prefix + "[ares_trans_status]");
        if (form.containsKey(prefix + "[cryptogram]") && (ares == null || ares.equals("Y") || ares.equals("A"))) {
            authorize(pi);
        }
        return ok(json(pi));
    }

    private Reply capture(Intent pi, Map<String, String> form) {
        if (!"requires_capture".equals(pi.status)) {
            return unexpectedState(pi, "capture");
        }
        long amount = form.containsKey("amount_to_capture") ? Long.parseLong(form.get("amount_to_capture")) : pi.amount;
        if (amount > pi.amountCapturable) {
            return error(400, "amount_too_large", null, "amount_to_capture",
                    "The amount to capture exceeds the amount capturable.", json(pi));
        }
        pi.status = "succeeded";
        pi.amountReceived = amount;
        pi.amountCapturable = 0;
        captures++;
        return ok(json(pi));
    }

    private Reply cancel(Intent pi, Map<String, String> form) {
        if (!CANCELABLE.contains(pi.status)) {
            return unexpectedState(pi, "cancel");
        }
        pi.status = "canceled";
        pi.amountCapturable = 0;
        pi.cancellationReason = form.getOrDefault("cancellation_reason", "requested_by_customer");
        cancels++;
        return ok(json(pi));
    }

    private Reply refund(Map<String, String> form) {
        Intent pi = intents.get(form.get("payment_intent"));
        if (pi == null) {
            return missing("payment_intent", form.get("payment_intent"));
        }
        long amount = form.containsKey("amount")
                ? Long.parseLong(form.get("amount"))
                : pi.amountReceived - pi.amountRefunded;
        if (!"succeeded".equals(pi.status) || amount <= 0 || amount > pi.amountReceived - pi.amountRefunded) {
            return error(400, "charge_already_refunded", null, "amount",
                    "This PaymentIntent cannot be refunded by that amount.", null);
        }
        pi.amountRefunded += amount;
        refunds++;
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("metadata[") && k.endsWith("]")) {
                metadata.put(k.substring(9, k.length() - 1), v);
            }
        });
        Refund refund = new Refund("re_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24), pi.id,
                amount, pi.currency, metadata, clock.instant().getEpochSecond());
        refundsById.put(refund.id(), refund);
        return ok(json(refund));
    }

    /** Supports the one query form payment-service uses: {@code metadata['key']:'value'}. */
    private Reply search(String query) {
        String decoded = "";
        for (String pair : query.split("&")) {
            if (pair.startsWith("query=")) {
                decoded = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        Matcher m = METADATA_QUERY.matcher(decoded);
        if (!m.matches()) {
            return error(400, "parameter_invalid", null, "query", "Unsupported search query.", null);
        }
        return ok(list("/v1/payment_intents/search", intents.values().stream()
                .filter(pi -> m.group(2).equals(pi.metadata.get(m.group(1))))
                .map(this::json).toList(), "search_result"));
    }

    /** Stripe's list: newest first, {@code limit} (1–100, default 10) after {@code starting_after}, and {@code has_more}. */
    private Reply listIntents(String query) {
        Map<String, String> params = form(query);
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", "10"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            return error(400, "parameter_invalid_integer", null, "limit",
                    "This value must be between 1 and 100 (it currently is '" + params.get("limit") + "').", null);
        }
        java.util.List<Intent> newestFirst = new java.util.ArrayList<>(intents.values());
        java.util.Collections.reverse(newestFirst);
        int from = 0;
        String after = params.get("starting_after");
        if (after != null) {
            from = -1;
            for (int i = 0; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return missing("payment_intent", after);
            }
        }
        int to = Math.min(newestFirst.size(), from + limit);
        Map<String, Object> body = list("/v1/payment_intents", newestFirst.subList(from, to).stream().map(this::json).toList());
        body.put("has_more", to < newestFirst.size());
        return ok(body);
    }

    private static Map<String, Object> list(String url, java.util.List<Map<String, Object>> data) {
        return list(url, data, "list");
    }

    private static Map<String, Object> list(String url, java.util.List<Map<String, Object>> data, String object) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", object);
        body.put("data", data);
        body.put("has_more", false);
        body.put("url", url);
        if ("search_result".equals(object)) {
            body.put("next_page", null);
        }
        return body;
    }

    private Map<String, Object> json(Refund refund) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", refund.id());
        body.put("object", "refund");
        body.put("amount", refund.amount());
        body.put("charge", intents.get(refund.paymentIntent()).chargeId);
        body.put("currency", refund.currency());
        body.put("metadata", new LinkedHashMap<>(refund.metadata()));
        body.put("payment_intent", refund.paymentIntent());
        body.put("status", "succeeded");
        body.put("created", refund.created());
        return body;
    }

    private Reply decline(Intent pi, String code, String declineCode, String message) {
        pi.status = "requires_payment_method";
        Map<String, Object> lastError = new LinkedHashMap<>();
        lastError.put("type", "card_error");
        lastError.put("code", code);
        if (declineCode != null) {
            lastError.put("decline_code", declineCode);
        }
        lastError.put("message", message);
        pi.lastError = lastError;
        return error(402, code, declineCode, null, message, json(pi), "card_error");
    }

    private Reply unexpectedState(Intent pi, String action) {
        return error(400, "payment_intent_unexpected_state", null, null,
                "You cannot " + action + " this PaymentIntent because it has a status of " + pi.status + ".", json(pi));
    }

    private Reply missing(String object, String id) {
        return error(404, "resource_missing", null, "id", "No such " + object + ": '" + id + "'", null);
    }

    private static Reply error(int status, String code, String declineCode, String param, String message,
            Map<String, Object> intent) {
        return error(status, code, declineCode, param, message, intent, "invalid_request_error");
    }

    private static Reply error(int status, String code, String declineCode, String param, String message,
            Map<String, Object> intent, String type) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("code", code);
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        if (param != null) {
            error.put("param", param);
        }
        error.put("message", message);
        if (intent != null) {
            error.put("payment_intent", intent);
        }
        return new Reply(status, Map.<String, Object>of("error", error), 0);
    }

    private static Reply ok(Map<String, Object> body) {
        return new Reply(200, body, 0);
    }

    private Map<String, Object> json(Intent pi) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", pi.id);
        body.put("object", "payment_intent");
        body.put("amount", pi.amount);
        body.put("amount_capturable", pi.amountCapturable);
        body.put("amount_received", pi.amountReceived);
        body.put("capture_method", pi.captureMethod);
        body.put("confirmation_method", "automatic");
        body.put("client_secret", pi.id + "_secret_standin");
        body.put("created", pi.created);
        body.put("currency", pi.currency);
        body.put("livemode", false);
        body.put("metadata", new LinkedHashMap<>(pi.metadata));
        body.put("status", pi.status);
        body.put("cancellation_reason", pi.cancellationReason);
        body.put("last_payment_error", pi.lastError);
        body.put("next_action", "requires_action".equals(pi.status)
                ? Map.of("type", "use_stripe_sdk", "use_stripe_sdk", Map.of("type", "three_d_secure_redirect"))
                : null);
        body.put("payment_method_types", java.util.List.of("card"));
        body.put("latest_charge", pi.chargeId);
        return body;
    }

    /** A Charge object of a PaymentIntent, as in {@code charge.*} webhook events (with the PaymentIntent's metadata). */
    synchronized Map<String, Object> charge(String paymentIntentId) {
        Intent pi = intents.get(paymentIntentId);
        if (pi == null || pi.chargeId == null) {
            throw new IllegalArgumentException("no charge for " + paymentIntentId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", pi.chargeId);
        body.put("object", "charge");
        body.put("amount", pi.amount);
        body.put("amount_captured", pi.amountReceived);
        body.put("amount_refunded", pi.amountRefunded);
        body.put("captured", pi.amountReceived > 0);
        body.put("currency", pi.currency);
        body.put("metadata", new LinkedHashMap<>(pi.metadata));
        body.put("payment_intent", pi.id);
        body.put("refunded", pi.amountReceived > 0 && pi.amountRefunded == pi.amountReceived);
        body.put("status", "succeeded");
        return body;
    }

    /** A Dispute object on a PaymentIntent's charge (no metadata, like Stripe's). */
    synchronized Map<String, Object> dispute(String paymentIntentId, String disputeId, String status, String reason) {
        Intent pi = intents.get(paymentIntentId);
        if (pi == null || pi.chargeId == null) {
            throw new IllegalArgumentException("no charge for " + paymentIntentId);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", disputeId);
        body.put("object", "dispute");
        body.put("amount", pi.amountReceived > 0 ? pi.amountReceived : pi.amount);
        body.put("charge", pi.chargeId);
        body.put("currency", pi.currency);
        body.put("metadata", Map.of());
        body.put("payment_intent", pi.id);
        body.put("reason", reason);
        body.put("status", status);
        body.put("created", clock.instant().getEpochSecond());
        return body;
    }

    /** A granted token object, as in {@code shared_payment.granted_token.*} webhook events. */
    synchronized Map<String, Object> grantedToken(String id) {
        GrantedToken token = token(id);
        if (token == null) {
            throw new IllegalArgumentException("unknown granted token");
        }
        return json(id, token);
    }

    private Map<String, Object> json(String id, GrantedToken token) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("currency", token.currency());
        limits.put("max_amount", token.maxAmount());
        limits.put("expires_at", token.expiresAt().getEpochSecond());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "shared_payment.granted_token");
        body.put("created", clock.instant().minusSeconds(60).getEpochSecond());
        body.put("livemode", false);
        body.put("usage_limits", limits);
        body.put("deactivated_at", token.deactivated() ? clock.instant().minusSeconds(30).getEpochSecond() : null);
        body.put("deactivated_reason", token.deactivated() ? "revoked" : null);
        return body;
    }

    private GrantedToken token(String id) {
        GrantedToken granted = tokens.get(id);
        if (granted != null) {
            return granted;
        }
        if (!id.startsWith("spt_")) {
            return null;
        }
        Instant now = clock.instant();
        return switch (id) {
            case EXPIRED -> new GrantedToken("usd", 1_000_000, now.minus(Duration.ofHours(1)), false);
            case OVER_ALLOWANCE -> new GrantedToken("usd", 100, now.plus(Duration.ofHours(1)), false);
            case DEACTIVATED -> new GrantedToken("usd", 1_000_000, now.plus(Duration.ofHours(1)), true);
            default -> new GrantedToken("usd", 1_000_000, now.plus(Duration.ofHours(1)), false);
        };
    }

    static String toJson(Object value) {
        StringBuilder out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator);
                writeJson(entry.getKey().toString(), out);
                out.append(':');
                writeJson(entry.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            String separator = "";
            for (Object item : list) {
                out.append(separator);
                writeJson(item, out);
                separator = ",";
            }
            out.append(']');
        } else {
            out.append('"');
            for (char c : value.toString().toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    void slowResponseDelay(Duration delay) {
        this.slowResponseDelay = delay;
    }

    synchronized void grantToken(String id, String currency, long maxAmount, Instant expiresAt, boolean deactivated) {
        tokens.put(id, new GrantedToken(currency, maxAmount, expiresAt, deactivated));
    }

    synchronized int successfulPaymentIntents(String sessionId) {
        return (int) intents.values().stream()
                .filter(pi -> pi.lastError == null && !"requires_confirmation".equals(pi.status))
                .filter(pi -> sessionId == null || sessionId.equals(pi.metadata.get("checkout_session_id")))
                .count();
    }

    synchronized int paymentIntentsCreated(String sessionId) {
        return (int) intents.values().stream()
                .filter(pi -> sessionId == null || sessionId.equals(pi.metadata.get("checkout_session_id")))
                .count();
    }

    synchronized java.util.List<String> paymentIntentIds(String sessionId) {
        return intents.values().stream()
                .filter(pi -> sessionId.equals(pi.metadata.get("checkout_session_id")))
                .map(pi -> pi.id)
                .toList();
    }

    synchronized int captures() {
        return captures;
    }

    synchronized int refunds() {
        return refunds;
    }

    synchronized int cancels() {
        return cancels;
    }

    int totalRequests() {
        return requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    synchronized long amountRefunded(String id) {
        Intent pi = intents.get(id);
        return pi == null ? 0 : pi.amountRefunded;
    }

    int requests(String methodAndPath) {
        AtomicInteger count = requestCounts.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    synchronized String status(String id) {
        Intent pi = intents.get(id);
        return pi == null ? null : pi.status;
    }

    synchronized void reset() {
        intents.clear();
        idempotent.clear();
        tokens.clear();
        refundsById.clear();
        requestCounts.clear();
        captures = 0;
        cancels = 0;
        refunds = 0;
    }
}
