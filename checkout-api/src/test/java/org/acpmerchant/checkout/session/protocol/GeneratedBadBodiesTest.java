package org.acpmerchant.checkout.session.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.acpmerchant.checkout.edge.AcpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad bodies generated from valid ones: for every field of a valid body of each operation, the body without it, with
 * it null, and with it replaced by each JSON type it must not have — each answered with the expected code at the
 * field's JSONPath (or accepted, for an optional field). The table below states every field's type and whether it is
 * required; a field of a valid body missing from it fails the test.
 */
class GeneratedBadBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AcpRequestParser PARSER = new AcpRequestParser();

    private static final String ADDRESS = "{\"name\":\"Jo\",\"line_one\":\"1 Main\",\"line_two\":\"Apt 2\",\"city\":\"SF\","
            + "\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94131\",\"company\":\"Acme\"}";
    private static final String BUYER = "{\"email\":\"jo@example.com\",\"account_type\":\"guest\",\"first_name\":\"Jo\","
            + "\"last_name\":\"Doe\",\"full_name\":\"Jo Doe\",\"phone_number\":\"+14155550100\",\"customer_id\":\"c_1\"}";
    private static final String ATTRIBUTION = "{\"provider\":\"impact.com\",\"token\":\"atk_1\",\"publisher_id\":\"pub_1\","
            + "\"campaign_id\":\"spring\",\"creative_id\":\"cr_1\",\"sub_id\":\"s1\",\"source\":{\"type\":\"url\","
            + "\"url\":\"https://blog.example/post\"},\"touchpoint\":\"first\",\"issued_at\":\"2026-01-01T00:00:00Z\","
            + "\"expires_at\":\"2026-02-01T00:00:00Z\",\"metadata\":{\"slot\":3}}";

    /** A valid body per operation, with every field the canonical model reads. */
    static final Map<String, String> VALID = Map.of(
            "create", "{\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":2}],\"currency\":\"usd\","
                    + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},\"order_notes\":\"ring twice\","
                    + "\"locale\":\"en-US\",\"metadata\":{\"k\":\"v\"},\"buyer\":" + BUYER + ",\"fulfillment_details\":"
                    + "{\"email\":\"jo@example.com\",\"address\":" + ADDRESS + ",\"name\":\"Jo\",\"phone_number\":\"+1 415\"},"
                    + "\"discounts\":{\"codes\":[\"SAVE10\"]},\"coupons\":[\"OLD\"],\"affiliate_attribution\":" + ATTRIBUTION + "}",
            "update", "{\"line_items\":[{\"id\":\"mug\",\"quantity\":1}],\"buyer\":" + BUYER + ",\"fulfillment_details\":"
                    + "{\"address\":" + ADDRESS + "},\"selected_fulfillment_options\":[{\"type\":\"shipping\","
                    + "\"option_id\":\"express\",\"item_ids\":[\"mug\"]}],\"discounts\":{\"codes\":[\"SAVE10\"]},"
                    + "\"order_notes\":\"leave at door\"}",
            "complete", "{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\","
                    + "\"credential\":{\"type\":\"spt\",\"token\":\"spt_1\"}},\"billing_address\":" + ADDRESS + "},"
                    + "\"order_notes\":\"gift\",\"buyer\":" + BUYER + ",\"authentication_result\":{\"outcome\":\"authenticated\","
                    + "\"outcome_details\":{\"electronic_commerce_indicator\":\"05\",\"three_ds_cryptogram\":\"AbC=\","
                    + "\"transaction_id\":\"ds_1\",\"version\":\"2.2.0\"}},\"affiliate_attribution\":" + ATTRIBUTION + ","
                    + "\"marketing_consents\":[{\"channel\":\"email\",\"opted_in\":true}]}",
            "cancel", "{\"intent_trace\":{\"reason_code\":\"comparison\",\"trace_summary\":\"cheaper elsewhere\","
                    + "\"metadata\":{\"price\":42,\"same_day\":false,\"note\":\"x\"}}}",
            "cart", "{\"line_items\":[{\"id\":\"mug\",\"quantity\":3}],\"buyer\":" + BUYER + "}");

    /**
     * Field (path with {@code [*]} for any index) → its JSON type, {@code !} when required; {@code any} for free-form
     * metadata (whose members are not generated), {@code scalar} for flat metadata values (string, number or boolean;
     * null is a wrong type there).
     */
    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        String address = "address";
        Map<String, String> addressFields = Map.of("name", "string!", "line_one", "string!", "line_two", "string",
                "city", "string!", "state", "string!", "country", "string!", "postal_code", "string!", "company", "string");
        Map<String, String> buyerFields = Map.of("email", "string!", "account_type", "string", "first_name", "string",
                "last_name", "string", "full_name", "string", "phone_number", "string", "customer_id", "string");
        for (String op : List.of("create", "update", "complete", "cart")) {
            buyerFields.forEach((k, v) -> FIELDS.put(op + " $.buyer." + k, v));
            FIELDS.put(op + " $.buyer", "object");
        }
        for (String op : List.of("create", "update", "cart")) {
            FIELDS.put(op + " $.line_items[*]", "object");
            FIELDS.put(op + " $.line_items[*].id", "string!");
            FIELDS.put(op + " $.line_items[*].quantity", "number");
        }
        FIELDS.put("create $.line_items", "array!");
        FIELDS.put("update $.line_items", "array");
        FIELDS.put("cart $.line_items", "array!");
        for (String op : List.of("create", "update")) {
            FIELDS.put(op + " $.fulfillment_details", "object");
            FIELDS.put(op + " $.fulfillment_details." + address, "object");
            addressFields.forEach((k, v) -> FIELDS.put(op + " $.fulfillment_details.address." + k, v));
            FIELDS.put(op + " $.discounts", "object");
            FIELDS.put(op + " $.discounts.codes", "array");
            FIELDS.put(op + " $.discounts.codes[*]", "string");
            FIELDS.put(op + " $.order_notes", "string");
        }
        FIELDS.put("create $.fulfillment_details.email", "string");
        FIELDS.put("create $.fulfillment_details.name", "string");
        FIELDS.put("create $.fulfillment_details.phone_number", "string");
        FIELDS.put("create $.currency", "string!");
        FIELDS.put("create $.capabilities", "object!");
        FIELDS.put("create $.capabilities.interventions", "object");
        FIELDS.put("create $.capabilities.interventions.supported", "array");
        FIELDS.put("create $.capabilities.interventions.supported[*]", "string");
        FIELDS.put("create $.locale", "string");
        FIELDS.put("create $.metadata", "any");
        FIELDS.put("create $.coupons", "array");
        FIELDS.put("create $.coupons[*]", "string");
        FIELDS.put("update $.selected_fulfillment_options", "array");
        FIELDS.put("update $.selected_fulfillment_options[*]", "object");
        FIELDS.put("update $.selected_fulfillment_options[*].type", "string!");
        FIELDS.put("update $.selected_fulfillment_options[*].option_id", "string!");
        FIELDS.put("update $.selected_fulfillment_options[*].item_ids", "array");
        FIELDS.put("update $.selected_fulfillment_options[*].item_ids[*]", "string");
        for (String op : List.of("create", "complete")) {
            String a = op + " $.affiliate_attribution";
            FIELDS.put(a, "object");
            for (String k : List.of("token", "publisher_id", "campaign_id", "creative_id", "sub_id", "touchpoint",
                    "issued_at", "expires_at")) {
                FIELDS.put(a + "." + k, "string");
            }
            FIELDS.put(a + ".provider", "string!");
            FIELDS.put(a + ".source", "object");
            FIELDS.put(a + ".source.type", "string!");
            FIELDS.put(a + ".source.url", "string");
            FIELDS.put(a + ".metadata", "object");
            FIELDS.put(a + ".metadata.slot", "scalar");
        }
        FIELDS.put("complete $.payment_data", "object!");
        FIELDS.put("complete $.payment_data.handler_id", "string!");
        FIELDS.put("complete $.payment_data.instrument", "object!");
        FIELDS.put("complete $.payment_data.instrument.type", "string!");
        FIELDS.put("complete $.payment_data.instrument.credential", "object!");
        FIELDS.put("complete $.payment_data.instrument.credential.type", "string!");
        FIELDS.put("complete $.payment_data.instrument.credential.token", "string!");
        FIELDS.put("complete $.payment_data.billing_address", "object");
        addressFields.forEach((k, v) -> FIELDS.put("complete $.payment_data.billing_address." + k, v));
        FIELDS.put("complete $.order_notes", "string");
        FIELDS.put("complete $.authentication_result", "object");
        FIELDS.put("complete $.authentication_result.outcome", "string!");
        // required because the outcome is 'authenticated'
        FIELDS.put("complete $.authentication_result.outcome_details", "object!");
        for (String k : List.of("electronic_commerce_indicator", "three_ds_cryptogram", "transaction_id", "version")) {
            FIELDS.put("complete $.authentication_result.outcome_details." + k, "string!");
        }
        FIELDS.put("complete $.marketing_consents", "array");
        FIELDS.put("complete $.marketing_consents[*]", "object");
        FIELDS.put("complete $.marketing_consents[*].channel", "string!");
        FIELDS.put("complete $.marketing_consents[*].opted_in", "boolean!");
        FIELDS.put("cancel $.intent_trace", "object");
        FIELDS.put("cancel $.intent_trace.reason_code", "string!");
        FIELDS.put("cancel $.intent_trace.trace_summary", "string");
        FIELDS.put("cancel $.intent_trace.metadata", "object");
        for (String k : List.of("price", "same_day", "note")) {
            FIELDS.put("cancel $.intent_trace.metadata." + k, "scalar");
        }
    }

    private static final Map<String, JsonNode> SAMPLES = Map.of("string", NODES.textNode("x"), "number",
            NODES.numberNode(7), "boolean", NODES.booleanNode(true), "object", NODES.objectNode(), "array",
            NODES.arrayNode());

    static Stream<String> operations() {
        return VALID.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("operations")
    void theValidBodyParses(String op) {
        assertThat(parse(op, VALID.get(op))).isNotNull();
    }

    static Stream<Arguments> mutations() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String op : VALID.keySet().stream().sorted().toList()) {
            JsonNode valid = JSON.readTree(VALID.get(op));
            for (String path : paths(valid, "$", new ArrayList<>())) {
                String spec = FIELDS.get(op + " " + path.replaceAll("\\[\\d+]", "[*]"));
                assertThat(spec).as("no expectation for %s %s", op, path).isNotNull();
                if (spec.equals("any")) {
                    for (String wrong : List.of("string", "number", "boolean", "array")) {
                        cases.add(Arguments.of(op, path, "as " + wrong, replace(valid, path, SAMPLES.get(wrong)),
                                "invalid_type"));
                    }
                    continue;
                }
                boolean required = spec.endsWith("!");
                boolean element = path.endsWith("]");
                String type = spec.replace("!", "");
                String absent = required ? (op.equals("cart") && path.equals("$.line_items") ? "missing_line_items"
                        : "missing") : null;
                if (!element) { // removing an element is a shorter array, not an absent field
                    cases.add(Arguments.of(op, path, "dropped", replace(valid, path, null), absent));
                }
                // A null element, or a null flat-metadata value, is a wrong type; a null field is an absent one
                // (except update's line_items, which cannot be cleared).
                String onNull = type.equals("scalar") || element ? "invalid_type"
                        : op.equals("update") && path.equals("$.line_items") ? "invalid" : absent;
                cases.add(Arguments.of(op, path, "null", replace(valid, path, NODES.nullNode()), onNull));
                for (String wrong : List.of("string", "number", "boolean", "object", "array")) {
                    boolean fits = wrong.equals(type) || type.equals("scalar") && !wrong.equals("object")
                            && !wrong.equals("array");
                    if (!fits) {
                        cases.add(Arguments.of(op, path, "as " + wrong, replace(valid, path, SAMPLES.get(wrong)),
                                "invalid_type"));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("mutations")
    void everyFieldDroppedNulledOrMistyped_isAnsweredAtItsPath(String op, String path, String how, String body,
            String code) {
        if (code == null) {
            assertThat(parse(op, body)).as(body).isNotNull();
            return;
        }
        AcpException e = catchThrowableOfType(AcpException.class, () -> parse(op, body));
        assertThat(e).as("%s must be refused", body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request");
        assertThat(e.code() + " " + e.param()).as(body).isEqualTo(code + " " + path);
        assertThat(e.getMessage()).contains(code.equals("missing_line_items") ? "line item" : path);
    }

    /** Several faults at once: the one reported does not depend on the order of the members. */
    @Test
    void theReportedFault_doesNotDependOnMemberOrder() throws Exception {
        List<String[]> bodies = List.of(
                new String[] {"create", "{\"currency\":\"dollars\",\"line_items\":[{\"id\":\"a b\",\"quantity\":0}],"
                        + "\"capabilities\":{},\"buyer\":{\"email\":\"x\"},\"locale\":\"" + "l".repeat(40) + "\"}",
                    "invalid $.line_items[0].id"},
                new String[] {"create", "{\"fulfillment_details\":{\"address\":{\"postal_code\":\"1\",\"country\":\"USA\"}},"
                        + "\"capabilities\":{},\"currency\":\"usd\",\"line_items\":[{\"id\":\"a\"}]}",
                    "invalid $.fulfillment_details.address.country"},
                new String[] {"complete", "{\"buyer\":{\"email\":\"nope\"},\"payment_data\":{\"instrument\":{}},"
                        + "\"marketing_consents\":[{}]}", "missing $.payment_data.handler_id"},
                new String[] {"update", "{\"order_notes\":7,\"buyer\":{\"email\":5},\"line_items\":[{\"id\":1}]}",
                    "invalid_type $.line_items[0].id"},
                new String[] {"cancel", "{\"intent_trace\":{\"metadata\":{\"b\":[1],\"a\":{}},\"trace_summary\":1}}",
                    "missing $.intent_trace.reason_code"});
        Random random = new Random(7);
        for (String[] c : bodies) {
            for (int i = 0; i < 20; i++) {
                String shuffled = JSON.writeValueAsString(shuffle(JSON.readTree(c[1]), random));
                AcpException e = catchThrowableOfType(AcpException.class, () -> parse(c[0], shuffled));
                assertThat(e).as(shuffled).isNotNull();
                assertThat(e.code() + " " + e.param()).as(shuffled).isEqualTo(c[2]);
            }
        }
    }

    /** Value rules of the schema (enums, a conditional requirement) and of ours, each named at its field. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("valueRules")
    void valueRules_areInvalid_atTheirField(String op, String body, String expected) {
        AcpException e = catchThrowableOfType(AcpException.class, () -> parse(op, body));
        assertThat(e).as(body).isNotNull();
        assertThat(e.code() + " " + e.param()).isEqualTo(expected);
    }

    static Stream<Arguments> valueRules() {
        String create = "{\"line_items\":[{\"id\":\"a\"}],\"currency\":\"usd\",\"capabilities\":";
        String payment = "{\"payment_data\":{\"handler_id\":\"h\",\"instrument\":{\"type\":\"card\","
                + "\"credential\":{\"type\":\"spt\",\"token\":\"t\"}}}";
        return Stream.of(
                Arguments.of("create", create + "{\"interventions\":{\"supported\":[\"3ds\",\"telepathy\"]}}}",
                        "invalid $.capabilities.interventions.supported[1]"),
                Arguments.of("create", create + "{},\"buyer\":{\"email\":\"a@b.co\",\"account_type\":\"vip\"}}",
                        "invalid $.buyer.account_type"),
                Arguments.of("create", create + "{},\"line_items\":[{\"id\":\"a\",\"quantity\":2.5}]}",
                        "invalid_type $.line_items[0].quantity"),
                Arguments.of("create", create + "{},\"affiliate_attribution\":{\"provider\":\"p\",\"token\":\"t\","
                        + "\"touchpoint\":\"middle\"}}", "invalid $.affiliate_attribution.touchpoint"),
                Arguments.of("update", "{\"selected_fulfillment_options\":[{\"type\":\"teleport\",\"option_id\":\"o\"}]}",
                        "invalid $.selected_fulfillment_options[0].type"),
                Arguments.of("update", "{\"line_items\":[]}", "invalid $.line_items"),
                Arguments.of("complete", payment + ",\"authentication_result\":{\"outcome\":\"authenticated\"}}",
                        "missing $.authentication_result.outcome_details"),
                Arguments.of("complete", payment + ",\"authentication_result\":{\"outcome\":\"maybe\"}}",
                        "invalid $.authentication_result.outcome"),
                Arguments.of("complete", payment.replace("\"t\"}", "\"t \"}") + "}",
                        "invalid $.payment_data.instrument.credential.token"),
                Arguments.of("cart", "{\"line_items\":[]}", "missing_line_items $.line_items"));
    }

    @Test
    void wholeQuantities_absentOrNull_andOpenReasons() {
        var create = (org.acpmerchant.checkout.session.application.AcpRequests.CreateRequest) parse("create",
                "{\"line_items\":[{\"id\":\"a\",\"quantity\":2.0},{\"id\":\"b\",\"quantity\":null},"
                        + "{\"id\":\"c\",\"quantity\":1e1}],\"currency\":\"USD\",\"capabilities\":{},"
                        + "\"metadata\":{\"k\":null}}");
        assertThat(create.inputs().lines()).extracting(l -> l.quantity()).containsExactly(2, 1, 10);
        assertThat(create.inputs().metadataJson()).isEqualTo("{\"k\":null}");
        var update = (org.acpmerchant.checkout.session.application.AcpRequests.UpdateRequest) parse("update",
                "{\"order_notes\":null,\"discounts\":null}");
        assertThat(update.orderNotes().present()).isTrue();
        assertThat(update.orderNotes().value()).isNull();
        assertThat(update.discountCodes().value()).isEmpty();
        assertThat(update.buyer().present()).isFalse();
        var cancel = (org.acpmerchant.checkout.session.application.AcpRequests.CancelRequest) parse("cancel",
                "{\"intent_trace\":{\"reason_code\":\"found_it_on_mars\"}}");
        assertThat(cancel.reasonCode()).isEqualTo("other");
    }

    /** Unknown fields are ignored at every level (forward compatibility), known ones still checked. */
    @Test
    void unknownFields_areIgnoredEverywhere() throws Exception {
        for (String op : VALID.keySet()) {
            JsonNode body = JSON.readTree(VALID.get(op));
            addUnknown(body);
            assertThat(parse(op, body.toString())).as(op).isNotNull();
        }
    }

    private static void addUnknown(JsonNode node) {
        if (node instanceof ObjectNode object && !object.has("slot") && !object.has("price") && !object.has("k")) {
            List<JsonNode> children = new ArrayList<>();
            object.elements().forEachRemaining(children::add);
            children.forEach(GeneratedBadBodiesTest::addUnknown);
            object.putObject("x_future_field").put("any", 1);
        } else if (node instanceof ArrayNode array) {
            array.forEach(GeneratedBadBodiesTest::addUnknown);
        }
    }

    private static JsonNode shuffle(JsonNode node, Random random) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            Collections.shuffle(names, random);
            ObjectNode copy = NODES.objectNode();
            names.forEach(n -> copy.set(n, shuffle(object.get(n), random)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = NODES.arrayNode();
            array.forEach(item -> copy.add(shuffle(item, random)));
            return copy;
        }
        return node;
    }

    /** Every field and array element below the root, as a JSONPath; free-form metadata is one field. */
    private static List<String> paths(JsonNode node, String path, List<String> out) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                out.add(child);
                if (!child.equals("$.metadata")) {
                    paths(field.getValue(), child, out);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                out.add(path + "[" + i + "]");
                paths(array.get(i), path + "[" + i + "]", out);
            }
        }
        return out;
    }

    /** The body with the value at {@code path} replaced ({@code null}: removed). */
    private static String replace(JsonNode valid, String path, JsonNode value) {
        JsonNode copy = valid.deepCopy();
        List<String> steps = new ArrayList<>(List.of(path.substring(2).split("(?=\\[)|\\.")));
        String last = steps.remove(steps.size() - 1);
        JsonNode parent = copy;
        for (String step : steps) {
            parent = step.startsWith("[") ? parent.get(Integer.parseInt(step.substring(1, step.length() - 1)))
                    : parent.get(step);
        }
        if (last.startsWith("[")) {
            int index = Integer.parseInt(last.substring(1, last.length() - 1));
            if (value == null) {
                ((ArrayNode) parent).remove(index);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        } else if (value == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return copy.toString();
    }

    private static Object parse(String op, String body) {
        Function<byte[], Object> call = switch (op) {
            case "create" -> PARSER::parseCreate;
            case "update" -> PARSER::parseUpdate;
            case "complete" -> PARSER::parseComplete;
            case "cancel" -> PARSER::parseCancel;
            default -> PARSER::parseCart;
        };
        return call.apply(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
