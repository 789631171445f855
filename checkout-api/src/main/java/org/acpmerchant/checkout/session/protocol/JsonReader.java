package org.acpmerchant.checkout.session.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.BoundedJson;

/**
 * Typed reads from a request body that fail with a 400 naming the exact JSONPath. The parse itself is bounded before
 * anything grows with the input (nesting depth, number length, string length, document length), and every value of
 * the tree is checked once ({@link RequestText}): no control characters, no number beyond what any field can hold.
 */
public final class JsonReader {

    private static final ObjectMapper JSON = BoundedJson.builder().build();

    private JsonReader() {}

    static JsonNode parseObject(byte[] body, boolean optional) {
        if (body == null || body.length == 0 || new String(body).isBlank()) {
            if (optional) {
                return JSON.createObjectNode();
            }
            throw AcpException.invalid("invalid_json", "A JSON object request body is required.", "$");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw AcpException.invalid("invalid_json", "The request body exceeds a parsing limit (nesting depth "
                    + BoundedJson.MAX_DEPTH + ", numbers of " + BoundedJson.MAX_NUMBER_LENGTH + " digits, strings of "
                    + BoundedJson.MAX_STRING + " characters).", "$");
        } catch (JsonProcessingException e) {
            throw AcpException.invalid("invalid_json", "The request body is not valid JSON.", "$");
        } catch (IOException e) {
            throw AcpException.invalid("invalid_json", "The request body could not be read.", "$");
        }
        if (node == null || !node.isObject()) {
            throw AcpException.invalid("invalid_type", "The request body must be a JSON object.", "$");
        }
        RequestText.check(node, "$");
        return node;
    }

    static boolean present(JsonNode parent, String field) {
        return parent.has(field);
    }

    static boolean isNull(JsonNode parent, String field) {
        return parent.has(field) && parent.get(field).isNull();
    }

    static JsonNode object(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (!node.isObject()) {
            throw wrongType(path, "an object");
        }
        return node;
    }

    static JsonNode array(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (!node.isArray()) {
            throw wrongType(path, "an array");
        }
        return node;
    }

    static String string(JsonNode parent, String field, String path, boolean required, int maxLength) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(path, "a string");
        }
        String value = node.textValue();
        if (required && value.isBlank()) {
            throw AcpException.invalid("invalid", "'" + path + "' must not be empty.", path);
        }
        if (value.length() > maxLength) {
            throw AcpException.invalid("invalid", "'" + path + "' is longer than " + maxLength + " characters.", path);
        }
        return value;
    }

    /**
     * A required identifier (an item id, a payment token, a handler id): a string of visible characters, no whitespace
     * at all — a token with a trailing line feed is not the token that was issued.
     */
    static String identifier(JsonNode parent, String field, String path, int maxLength) {
        String value = string(parent, field, path, true, maxLength);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i))) {
                throw AcpException.invalid("invalid", "'" + path + "' must not contain whitespace.", path);
            }
        }
        return value;
    }

    /** An integer in [min, max]; {@code 2.0} counts as 2, {@code 2.5} does not. */
    static Integer integer(JsonNode parent, String field, String path, boolean required, int min, int max) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw missing(path);
            }
            return null;
        }
        if (!node.isNumber()) {
            throw wrongType(path, "an integer");
        }
        var decimal = node.decimalValue(); // its magnitude is already bounded (RequestText)
        if (decimal.stripTrailingZeros().scale() > 0) {
            throw wrongType(path, "an integer");
        }
        if (decimal.compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || decimal.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw AcpException.invalid("invalid", "'" + path + "' must be between " + min + " and " + max + ".", path);
        }
        return decimal.intValueExact();
    }

    static List<String> strings(JsonNode parent, String field, String path, int maxItems, int maxLength) {
        JsonNode node = array(parent, field, path, false);
        if (node == null) {
            return null;
        }
        if (node.size() > maxItems) {
            throw AcpException.invalid("invalid", "'" + path + "' has more than " + maxItems + " entries.", path);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.isTextual()) {
                throw wrongType(itemPath, "a string");
            }
            if (item.textValue().length() > maxLength) {
                throw AcpException.invalid("invalid", "'" + itemPath + "' is too long.", itemPath);
            }
            values.add(item.textValue());
        }
        return values;
    }

    static String rawJson(JsonNode node) {
        return node == null ? null : node.toString();
    }

    static AcpException missing(String path) {
        return AcpException.invalid("missing", "'" + path + "' is required.", path);
    }

    static AcpException wrongType(String path, String expected) {
        return AcpException.invalid("invalid_type", "'" + path + "' must be " + expected + ".", path);
    }
}
