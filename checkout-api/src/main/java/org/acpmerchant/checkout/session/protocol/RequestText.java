package org.acpmerchant.checkout.session.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.acpmerchant.checkout.edge.AcpException;

/**
 * One pass over a parsed request that refuses, with the JSONPath of the first offender, what no field of any ACP
 * request may hold and what would hurt later steps: control characters (NUL breaks PostgreSQL text and JSON columns,
 * others break logs and signatures; tab, line feed and carriage return stay allowed in free text), unpaired
 * surrogates, non-characters, bidirectional overrides (which make a token or an address read differently than it
 * is), and numbers whose exponent makes them astronomically large or small (cheap to send, costly to compare).
 */
public final class RequestText {

    /** Integer digits and decimal places beyond which no field of ours has a use. */
    static final int MAX_DIGITS = 40;

    private RequestText() {}

    /** Refuses (400, naming the JSONPath) the first value of {@code node} no request may hold. */
    public static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            if (problem != null) {
                throw AcpException.invalid("invalid", "'" + path + "' " + problem + ".", path);
            }
        } else if (node.isNumber()) {
            if (!reasonable(node)) {
                throw AcpException.invalid("invalid", "'" + path + "' is a number out of any accepted range.", path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (problem(field.getKey()) != null) {
                    throw AcpException.invalid("invalid", "A field name under '" + path
                            + "' contains characters that are not allowed.", path);
                }
                check(field.getValue(), path + "." + field.getKey());
            }
        }
    }

    /** Why {@code text} may not be accepted, or null. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f) {
                return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
            if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
                return "contains a bidirectional override (U+" + String.format("%04X", (int) c) + ")";
            }
            if (c == 0xfffe || c == 0xffff) {
                return "contains a non-character (U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate";
            }
        }
        return null;
    }

    private static boolean reasonable(JsonNode number) {
        if (number.isBigDecimal() || number.isDouble() || number.isFloat()) {
            BigDecimal value = number.decimalValue();
            long integerDigits = (long) value.precision() - value.scale();
            return integerDigits <= MAX_DIGITS && value.scale() <= MAX_DIGITS + value.precision();
        }
        return !number.isBigInteger() || number.bigIntegerValue().bitLength() <= 4 * MAX_DIGITS;
    }
}
