package org.acpmerchant.checkout.session.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.BoundedJson;
import org.acpmerchant.checkout.session.protocol.RequestSchema.Definition;
import org.acpmerchant.checkout.session.protocol.body.Fault;

/**
 * The one reader of checkout request bodies: a bounded parse (nesting depth, number length, string length, document
 * length refused while reading), one pass over every value ({@link RequestText}: no control characters, no number
 * beyond what any field can hold), null members dropped (null is absence), the canonical version's JSON Schema, the
 * bound records ({@code body} package), and our own rules on them. Every refusal is a 400 in ACP's flat shape; of
 * several faults the first in {@link Fault#order} is reported. Our rules read the bound records, so they judge only a
 * body whose JSON types are right: with a type fault, the schema's faults alone are considered.
 */
final class JsonReader {

    private static final ObjectMapper JSON = BoundedJson.builder().build();
    private static final ObjectMapper BINDER = BoundedJson.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonReader() {}

    /** A body read into its record, with the names of the top-level fields sent (null ones included). */
    record Read<T>(T body, Set<String> sent) {}

    static <T> Read<T> read(byte[] body, boolean optional, Definition definition, Class<T> type,
            BiFunction<T, Set<String>, List<Fault>> rules) {
        ObjectNode root = parseObject(body, optional);
        Set<String> sent = new LinkedHashSet<>();
        root.fieldNames().forEachRemaining(sent::add);
        dropNulls(root);
        List<Fault> faults = new ArrayList<>(RequestSchema.canonical().validate(definition, root));
        T bound = null;
        if (faults.stream().noneMatch(f -> f.code().equals("invalid_type"))) {
            try {
                bound = BINDER.treeToValue(root, type);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                // The schema checked every type the records read; should a value still not bind, it is refused.
                faults.add(new Fault("invalid_type", "$", "The request body does not have the expected shape.", false));
            }
            if (bound != null) {
                faults.addAll(rules.apply(bound, sent));
            }
        }
        if (!faults.isEmpty()) {
            Fault first = faults.stream().min(Fault.order(type)).orElseThrow();
            throw AcpException.invalid(first.code(), first.message(), first.path());
        }
        return new Read<>(bound, sent);
    }

    static ObjectNode parseObject(byte[] body, boolean optional) {
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
        return (ObjectNode) node;
    }

    /**
     * Drops every object member whose value is null. Array elements stay (a null element is a wrong type), and so do
     * the members of {@code metadata} objects: free-form data is kept as sent, and judged by the schema.
     */
    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    nulls = nulls == null ? new ArrayList<>() : nulls;
                    nulls.add(field.getKey());
                } else if (field.getValue().isContainerNode() && !field.getKey().equals("metadata")) {
                    dropNulls(field.getValue());
                }
            }
            if (nulls != null) {
                object.remove(nulls);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(JsonReader::dropNulls);
        }
    }
}
