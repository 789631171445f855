package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acpmerchant.checkout.edge.AcpErrors;
import org.acpmerchant.checkout.edge.AcpException;

/**
 * One released ACP API version as a pair of mappings around the canonical (2026-04-17) JSON: requests are
 * upgraded to canonical requests (then parsed, and validated, by the one canonical parser) and canonical responses
 * and errors are downgraded to this version's shapes.
 *
 * <p>Each version only knows the difference to its neighbour toward the canonical version (its {@link #next()}: the
 * next newer version for an older one, the next older for a version newer than canonical), like a chain of
 * migrations: {@code upgradeRequest} applies this version's step and then the next version's, down to canonical;
 * {@code downgradeResponse} lets the next version downgrade first and then applies this version's step. So each
 * step is one band of the breaking-changes table (digest §23) and nothing is written twice. ("Upgrade" reads as
 * "toward canonical", "downgrade" as "away from it", whichever way the dates go.)
 */
public abstract class AcpVersion {

    protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper READER = org.acpmerchant.checkout.edge.BoundedJson.builder().build();
    private static final Pattern JSON_PATH = Pattern.compile("\\$(?:\\.[A-Za-z_][A-Za-z0-9_]*|\\[\\d+\\])*");

    private final String name;
    private final AcpVersion next;

    protected AcpVersion(String name, AcpVersion next) {
        this.name = name;
        this.next = next;
    }

    /** The {@code API-Version} value, e.g. {@code 2025-09-29}. */
    public final String name() {
        return name;
    }

    /** The neighbour toward canonical this version is defined against; null for the canonical version. */
    public final AcpVersion next() {
        return next;
    }

    public final boolean canonical() {
        return next == null;
    }

    // ---------------------------------------------------------------------------------------------------- requests

    /**
     * The canonical (2026-04-17) request equivalent to {@code request}, a body in this version's shape. The result is
     * a new tree; {@code request} is not changed. Anything malformed is carried over where the canonical parser will
     * reject it, so that parser stays the one place that validates (its {@code param}s come back through
     * {@link #downgradeError}).
     */
    public final JsonNode upgradeRequest(Operation op, JsonNode request) {
        if (canonical() || request == null || !request.isObject()) {
            return request;
        }
        return next.upgradeRequest(op, upgradeStep(op, ((ObjectNode) request).deepCopy()));
    }

    /**
     * {@link #upgradeRequest} on raw bytes, as the controller has them: a body that is blank, not JSON or not an
     * object is passed on unchanged so the canonical parser answers it with its usual error.
     */
    public final byte[] upgradeRequestBody(Operation op, byte[] body) {
        if (canonical()) {
            return body;
        }
        if (ignoresBody(op)) {
            return new byte[0];
        }
        JsonNode tree = parseObject(body);
        if (tree == null) {
            return body;
        }
        try {
            return READER.writeValueAsBytes(upgradeRequest(op, tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as a JSON object, or null when it is blank, malformed or not an object. */
    public static JsonNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = READER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether this version's operation takes no body at all (anything sent is ignored). */
    protected boolean ignoresBody(Operation op) {
        return false;
    }

    /** This version's request → the next version's request (may change {@code request} in place). */
    protected abstract ObjectNode upgradeStep(Operation op, ObjectNode request);

    // --------------------------------------------------------------------------------------------------- responses

    /** A canonical session (as rendered by {@code AcpSessionRenderer}) in this version's shape. */
    public final ObjectNode downgradeResponse(Operation op, ObjectNode canonicalSession) {
        return downgradeResponse(op, canonicalSession, ClientHints.NONE);
    }

    public final ObjectNode downgradeResponse(Operation op, ObjectNode canonicalSession, ClientHints hints) {
        if (canonical()) {
            return canonicalSession;
        }
        return downgradeStep(op, next.downgradeResponse(op, canonicalSession, hints), hints);
    }

    /** The next version's session → this version's session (may change {@code session} in place). */
    protected abstract ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints);

    // ------------------------------------------------------------------------------------------------------ errors

    /**
     * A canonical flat error in this version's shape: fields this version lacks are dropped and every JSONPath into
     * the request ({@code param}, and paths quoted in {@code message}) names the field as this version's client sent
     * it. {@code originalRequest} is the body as received (may be null).
     */
    public final ObjectNode downgradeError(ObjectNode canonicalError, JsonNode originalRequest) {
        if (canonical()) {
            return canonicalError;
        }
        ObjectNode error = next.downgradeError(canonicalError, originalRequest);
        errorStep(error);
        if (error.hasNonNull("param")) {
            error.put("param", requestParam(error.get("param").asText(), originalRequest));
        }
        if (error.hasNonNull("message")) {
            error.put("message", rewritePaths(error.get("message").asText(), p -> requestParam(p, originalRequest)));
        }
        return error;
    }

    /** The error body for {@code e}, in this version's shape. */
    public final String renderError(AcpException e, JsonNode originalRequest) {
        if (canonical()) {
            return AcpErrors.body(e);
        }
        ObjectNode error = NODES.objectNode();
        error.put("type", e.type());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.param() != null) {
            error.put("param", e.param());
        }
        if (e.supportedVersions() != null) {
            ArrayNode versions = error.putArray("supported_versions");
            e.supportedVersions().forEach(versions::add);
        }
        return downgradeError(error, originalRequest).toString();
    }

    /** Shape changes of the error object itself between the next version and this one (default: none). */
    protected void errorStep(ObjectNode error) {}

    /** A request JSONPath of the next version → the path of the same field in this version's request. */
    protected String requestParam(String param, JsonNode originalRequest) {
        return param;
    }

    /** A session JSONPath (message {@code param}) of the next version → this version's path. */
    protected String sessionParam(String param) {
        return param;
    }

    // ------------------------------------------------------------------------------------------------- idempotency

    /** Whether a POST without {@code Idempotency-Key} is refused (400) — only from 2026-04-17. */
    public boolean idempotencyKeyRequired() {
        return false;
    }

    /** The answer when a key is reused with another body: 409 up to 2026-01-30 (digest §4.2), 422 from 2026-04-17. */
    public AcpException idempotencyConflict() {
        return new AcpException(409, "invalid_request", "idempotency_conflict",
                "Same Idempotency-Key used with different parameters", null, null, null);
    }

    @Override
    public String toString() {
        return "ACP " + name;
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    /** Replaces every JSONPath in {@code text} by {@code mapping} of it. */
    protected static String rewritePaths(String text, UnaryOperator<String> mapping) {
        Matcher m = JSON_PATH.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(mapping.apply(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Maps the {@code param} of every message of {@code session} with {@link #sessionParam}. */
    protected final void mapMessageParams(ObjectNode session) {
        for (JsonNode message : array(session, "messages")) {
            if (message.isObject() && message.hasNonNull("param")) {
                ((ObjectNode) message).put("param", sessionParam(message.get("param").asText()));
            }
        }
    }

    /** Keeps only {@code fields} of {@code node}. */
    protected static ObjectNode retain(ObjectNode node, Set<String> fields) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (!fields.contains(it.next())) {
                it.remove();
            }
        }
        return node;
    }

    /** A new object with {@code fields} copied from {@code source} where present, in that order. */
    protected static ObjectNode pick(JsonNode source, List<String> fields) {
        ObjectNode out = NODES.objectNode();
        for (String f : fields) {
            if (source.has(f)) {
                out.set(f, source.get(f).deepCopy());
            }
        }
        return out;
    }

    /** The array at {@code field}, or an empty array. */
    protected static ArrayNode array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? (ArrayNode) value : NODES.arrayNode();
    }

    /** Rewrites each object element of the array at {@code field} (dropping those mapped to null). */
    protected static void mapArray(ObjectNode node, String field, UnaryOperator<ObjectNode> mapping) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return;
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : value) {
            if (element.isObject()) {
                ObjectNode mapped = mapping.apply((ObjectNode) element);
                if (mapped != null) {
                    out.add(mapped);
                }
            } else {
                out.add(element);
            }
        }
        node.set(field, out);
    }

    /** The amount of the first entry of {@code totals} whose type is one of {@code types}, else 0. */
    protected static long amountOf(JsonNode totals, String... types) {
        for (String type : types) {
            for (JsonNode t : totals == null ? NODES.arrayNode() : totals) {
                if (type.equals(t.path("type").asText())) {
                    return t.path("amount").asLong();
                }
            }
        }
        return 0;
    }

    /** Whether the array at {@code field} has an entry of {@code type}. */
    protected static boolean hasType(JsonNode totals, String type) {
        for (JsonNode t : totals == null ? NODES.arrayNode() : totals) {
            if (type.equals(t.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Renames a top-level field, keeping its value (also a null). */
    protected static void rename(ObjectNode node, String from, String to) {
        if (node.has(from)) {
            JsonNode value = node.remove(from);
            node.set(to, value);
        }
    }
}
