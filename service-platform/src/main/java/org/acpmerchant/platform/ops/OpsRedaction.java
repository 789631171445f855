package org.acpmerchant.platform.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the delegated payment token from anything ops can read: the value of every field whose name ends in
 * {@code token} ({@code credentialToken}, {@code token}, {@code credential_token}, …) and any string that is a Stripe
 * shared payment token ({@code spt_…}), wherever it sits.
 */
public final class OpsRedaction {

    public static final String REDACTED = "[redacted]";

    private OpsRedaction() {}

    /** Redacts in place, at any depth; returns {@code node}. */
    public static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String field : names) {
                JsonNode value = object.get(field);
                if (!value.isNull() && !value.isContainerNode()
                        && (field.toLowerCase().endsWith("token") || value.asText().startsWith("spt_"))) {
                    object.put(field, REDACTED);
                } else {
                    redact(value);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual() && node.get(i).asText().startsWith("spt_")) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, REDACTED);
                } else {
                    redact(node.get(i));
                }
            }
        }
        return node;
    }
}
