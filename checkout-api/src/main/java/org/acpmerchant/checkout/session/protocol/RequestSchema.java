package org.acpmerchant.checkout.session.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.acpmerchant.checkout.session.protocol.body.Fault;

/**
 * The official JSON Schemas of the canonical version (ACP 2026-04-17, bundled under {@code acp-schema/2026-04-17}),
 * loaded once per JVM and shared by every request (a validator is thread-safe once its validators are initialised),
 * and their verdict as {@link Fault}s with ACP codes and JSONPath params.
 *
 * <p>Relaxations applied when loading, each deliberate:
 * <ul>
 *   <li>{@code additionalProperties: false} is dropped everywhere: unknown fields are ignored (forward
 *       compatibility: an agent on a newer version still gets served).</li>
 *   <li>{@code Item.quantity} is added as a number: the request schema lacks it although every agent sends one; our
 *       rules make it a whole count from 1 to 9,999 (default 1).</li>
 *   <li>{@code IntentTrace.reason_code} loses its {@code enum}: the schema calls it extensible; unknown reasons are
 *       recorded as {@code other}.</li>
 *   <li>{@code SelectedFulfillmentOption.item_ids} is not required: selections mapped from earlier versions carry
 *       none, and the selected option applies to the whole session.</li>
 *   <li>The {@code anyOf} of {@code PaymentData} (a handler and an instrument, or a purchase order) and of
 *       {@code AffiliateAttribution} (a token or a publisher id) move to our rules, so that a refusal names the
 *       missing field (and a purchase order is refused as {@code unsupported}).</li>
 *   <li>{@code format} is an annotation, as draft 2020-12 defines it by default: the formats that matter (email
 *       addresses, RFC 3339 times in attribution) are asserted by our rules.</li>
 *   <li>Carts are validated against {@code CartCreateRequest} for create and replace alike ({@code CartUpdateRequest}
 *       differs only by not listing {@code locale}, an unknown field there).</li>
 * </ul>
 * A {@code null} value is not seen here: the reader drops null members first, so a required field sent as null is
 * {@code missing} and an optional one is absent.
 */
final class RequestSchema {

    /** The {@code $defs} entry each body is validated against. */
    enum Definition {
        CREATE("CheckoutSessionCreateRequest"),
        UPDATE("CheckoutSessionUpdateRequest"),
        COMPLETE("CheckoutSessionCompleteRequest"),
        CANCEL("CancelSessionRequest"),
        CART("CartCreateRequest");

        final String name;

        Definition(String name) {
            this.name = name;
        }
    }

    static final String VERSION = "2026-04-17";
    private static final String DIR = "/acp-schema/" + VERSION + "/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Canonical {
        static final RequestSchema INSTANCE = load();
    }

    private final Map<Definition, JsonSchema> schemas;

    private RequestSchema(Map<Definition, JsonSchema> schemas) {
        this.schemas = schemas;
    }

    /** The canonical version's schemas, loaded on first use (the parser asks for them when it is created). */
    static RequestSchema canonical() {
        return Canonical.INSTANCE;
    }

    /** The faults of {@code body} (null members already dropped) against {@code definition}; empty when valid. */
    List<Fault> validate(Definition definition, JsonNode body) {
        Set<ValidationMessage> messages = schemas.get(definition).validate(body);
        return messages.isEmpty() ? List.of() : translate(messages);
    }

    private static List<Fault> translate(Set<ValidationMessage> messages) {
        List<ValidationMessage> alternatives = messages.stream()
                .filter(m -> "oneOf".equals(m.getType()) || "anyOf".equals(m.getType())).toList();
        List<Fault> faults = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (alternatives.stream().anyMatch(a -> a != m && inside(m, a))) {
                continue; // one branch's complaint: the alternative as a whole is reported below
            }
            String path = path(m.getInstanceLocation());
            Object[] args = m.getArguments() == null ? new Object[0] : m.getArguments();
            Fault fault = switch (m.getType()) {
                case "required" -> Fault.missing(path + "." + m.getProperty(), false);
                case "type" -> Fault.wrongType(path, expected(String.valueOf(args.length > 1 ? args[1] : "")), false);
                case "oneOf", "anyOf" -> alternative(m, messages, path);
                case "enum" -> Fault.invalid(path, "must be one of " + (args.length > 0 ? args[0] : "the listed values"),
                        false);
                case "maxLength" -> Fault.invalid(path, "is longer than " + arg(args) + " characters", false);
                case "minLength" -> Fault.invalid(path, "is shorter than " + arg(args) + " characters", false);
                case "minItems" -> Fault.invalid(path, "needs at least " + arg(args) + " item(s)", false);
                case "maxItems" -> Fault.invalid(path, "has more than " + arg(args) + " entries", false);
                case "minimum", "exclusiveMinimum" -> Fault.invalid(path, "is below the minimum " + arg(args), false);
                case "maximum", "exclusiveMaximum" -> Fault.invalid(path, "is above the maximum " + arg(args), false);
                case "uniqueItems" -> Fault.invalid(path, "must not repeat an entry", false);
                case "additionalProperties", "unevaluatedProperties" -> null; // unknown fields are ignored
                default -> Fault.invalid(path, "is not valid (" + m.getType() + ")", false);
            };
            if (fault != null) {
                faults.add(fault);
            }
        }
        return faults;
    }

    /**
     * A value that matches none of the alternatives: the wrong JSON type when every branch refused it for its type,
     * else a value that fits no accepted form.
     */
    private static Fault alternative(ValidationMessage alternative, Set<ValidationMessage> messages, String path) {
        List<ValidationMessage> branches = messages.stream().filter(m -> m != alternative && inside(m, alternative))
                .toList();
        boolean typeOnly = !branches.isEmpty() && branches.stream().allMatch(b -> "type".equals(b.getType())
                && b.getInstanceLocation().equals(alternative.getInstanceLocation()));
        if (typeOnly) {
            String expected = branches.stream().map(b -> String.valueOf(b.getArguments()[1]))
                    .flatMap(t -> Arrays.stream(t.replace("[", "").replace("]", "").split(",\\s*")))
                    .distinct().collect(Collectors.joining(","));
            return Fault.wrongType(path, expected(expected), false);
        }
        return Fault.invalid(path, "does not match any accepted form", false);
    }

    private static boolean inside(ValidationMessage m, ValidationMessage alternative) {
        return m.getEvaluationPath().getNameCount() > alternative.getEvaluationPath().getNameCount()
                && m.getEvaluationPath().startsWith(alternative.getEvaluationPath());
    }

    private static Object arg(Object[] args) {
        return args.length > 0 ? args[0] : "the limit";
    }

    /** {@code string} → "a string"; {@code [string, number]} → "a string or number". */
    static String expected(String types) {
        List<String> names = Arrays.stream(types.replace("[", "").replace("]", "").split(",\\s*"))
                .filter(t -> !t.isBlank()).toList();
        if (names.isEmpty()) {
            return "of another type";
        }
        String first = names.get(0);
        String article = first.startsWith("a") || first.startsWith("i") || first.startsWith("o") ? "an " : "a ";
        if (names.size() == 1) {
            return article + first;
        }
        return article + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** {@code $.line_items[0].id} from the validator's instance location. */
    static String path(JsonNodePath location) {
        StringBuilder path = new StringBuilder("$");
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        return path.toString();
    }

    private static RequestSchema load() {
        ObjectNode defs = JSON.createObjectNode();
        for (String file : List.of("schema.agentic_checkout.json", "schema.cart.json")) {
            read(file).get("$defs").fields().forEachRemaining(e -> defs.set(e.getKey(), e.getValue()));
        }
        // The cart bundle refers into the checkout bundle by file name; both are one document here.
        JsonNode merged;
        try {
            merged = JSON.readTree(defs.toString().replace("schema.agentic_checkout.json#/$defs/", "#/$defs/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        relax((ObjectNode) merged);
        // The bundles document fields with 'example', which draft 2020-12 does not define: known, not validated.
        JsonMetaSchema meta = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new NonValidationKeyword("example")).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(meta));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
        Map<Definition, JsonSchema> schemas = new EnumMap<>(Definition.class);
        for (Definition definition : Definition.values()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$id", "https://acp-merchant.invalid/schemas/" + VERSION + "/" + definition.name + ".json");
            root.put("$ref", "#/$defs/" + definition.name);
            root.set("$defs", merged);
            JsonSchema schema = factory.getSchema(root, config);
            schema.initializeValidators();
            schemas.put(definition, schema);
        }
        return new RequestSchema(schemas);
    }

    private static void relax(ObjectNode defs) {
        dropClosedObjects(defs);
        ((ObjectNode) defs.get("Item").get("properties")).putObject("quantity").put("type", "number");
        ((ObjectNode) defs.get("IntentTrace").get("properties").get("reason_code")).remove("enum");
        ArrayNode selectedRequired = (ArrayNode) defs.get("SelectedFulfillmentOption").get("required");
        for (int i = selectedRequired.size() - 1; i >= 0; i--) {
            if ("item_ids".equals(selectedRequired.get(i).asText())) {
                selectedRequired.remove(i);
            }
        }
        ((ObjectNode) defs.get("PaymentData")).remove("anyOf");
        ((ObjectNode) defs.get("AffiliateAttribution")).remove("anyOf");
    }

    private static void dropClosedObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode additional = object.get("additionalProperties");
            if (additional != null && additional.isBoolean() && !additional.booleanValue()) {
                object.remove("additionalProperties");
            }
            object.forEach(RequestSchema::dropClosedObjects);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RequestSchema::dropClosedObjects);
        }
    }

    private static JsonNode read(String file) {
        try (InputStream in = RequestSchema.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled ACP schema missing: " + DIR + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
