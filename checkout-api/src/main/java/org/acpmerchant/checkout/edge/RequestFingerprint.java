package org.acpmerchant.checkout.edge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * ACP body equivalence for idempotency: key order is irrelevant, {@code 1.0} equals {@code 1}, {@code null} differs
 * from an absent key, array order matters. The canonical form sorts keys and writes numbers in their shortest
 * decimal form; the fingerprint is its SHA-256. A body that is not JSON is fingerprinted byte for byte.
 */
public final class RequestFingerprint {

    private static final ObjectMapper JSON = BoundedJson.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private RequestFingerprint() {}

    public static String of(byte[] body) {
        if (body == null || body.length == 0) {
            return sha256("<empty>".getBytes(StandardCharsets.UTF_8));
        }
        return sha256(canonicalForm(body).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical JSON text of {@code body}; the body as text when it is not JSON; empty when there is none. */
    public static String canonicalForm(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null) {
                return new String(body, StandardCharsets.UTF_8);
            }
            StringBuilder out = new StringBuilder();
            canonical(node, out);
            return out.toString();
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(JSON.getNodeFactory().textNode(names.get(i)).toString()).append(':');
                canonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            var decimal = node.decimalValue().stripTrailingZeros();
            // Plain digits as always for any number a field can hold; an absurd exponent stays in its short form
            // (toPlainString of 1e1000000000 would be a billion characters).
            boolean plain = Math.abs((long) decimal.scale()) <= 100;
            out.append(decimal.signum() == 0 ? "0" : plain ? decimal.toPlainString() : decimal.toString());
        } else {
            out.append(node.toString());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
