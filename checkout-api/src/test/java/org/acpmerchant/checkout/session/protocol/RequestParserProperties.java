package org.acpmerchant.checkout.session.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.edge.versions.AcpVersion;
import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.edge.versions.Operation;

/**
 * Property-based fuzzing of what an agent can send: arbitrary bytes, and valid requests with any one value replaced
 * by anything JSON can hold (control characters, lone surrogates, bidi overrides, astronomical numbers, deep
 * containers). Whatever comes in, the canonical parser either accepts it or refuses it with a 400 in the ACP shape —
 * never another exception (a 500) — and never accepts text the edge forbids; every version's request mapping and
 * error mapping, and the idempotency fingerprint, never fail on it either.
 */
class RequestParserProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AcpRequestParser PARSER = new AcpRequestParser();
    private static final AcpVersions VERSIONS = AcpVersions.of(new CheckoutProperties(null, null, null, null, null,
            null, null, null, null, null, null, Map.of("terms_of_use", "https://merchant.example.com/terms"), null,
            null));

    private static final String ADDRESS = "{\"name\":\"Jo\",\"line_one\":\"1 Main\",\"city\":\"SF\",\"state\":\"CA\","
            + "\"country\":\"US\",\"postal_code\":\"94131\"}";
    private static final Map<Operation, String> VALID = Map.of(
            Operation.CREATE, "{\"currency\":\"usd\",\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},"
                    + "\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":2}],\"buyer\":{\"first_name\":\"Jo\","
                    + "\"last_name\":\"Doe\",\"email\":\"jo@example.com\"},\"fulfillment_details\":{\"name\":\"Jo\","
                    + "\"email\":\"jo@example.com\",\"address\":" + ADDRESS + "},\"order_notes\":\"ring twice\","
                    + "\"locale\":\"en-US\",\"metadata\":{\"k\":\"v\"},\"discounts\":{\"codes\":[\"SAVE10\"]}}",
            Operation.UPDATE, "{\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":1}],\"buyer\":{\"first_name\":\"Jo\"},"
                    + "\"fulfillment_details\":{\"address\":" + ADDRESS + "},\"selected_fulfillment_options\":"
                    + "[{\"type\":\"shipping\",\"option_id\":\"express\",\"item_ids\":[]}],\"order_notes\":null}",
            Operation.COMPLETE, "{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\","
                    + "\"credential\":{\"type\":\"spt\",\"token\":\"spt_test_success\"}},\"billing_address\":" + ADDRESS
                    + "},\"buyer\":{\"first_name\":\"Jo\",\"email\":\"jo@example.com\"}}",
            Operation.CANCEL, "{\"intent_trace\":{\"reason_code\":\"price_sensitivity\",\"trace_summary\":\"too dear\"}}");

    @Property(tries = 400)
    void anyBytes_areAcceptedOrRefusedWithA400(@ForAll("bodies") byte[] body, @ForAll("operations") Operation op) {
        assertAcceptedOrRefused(op, body);
        assertThat(RequestFingerprint.of(body)).isEqualTo(RequestFingerprint.of(body.clone()));
    }

    @Property(tries = 1500)
    void aValidRequestWithAnyOneValueReplaced_isAcceptedOrRefusedWithA400_inEveryVersion(
            @ForAll("operations") Operation op, @ForAll("positions") int position, @ForAll("values") JsonNode value,
            @ForAll("versionNames") String versionName) throws Exception {
        JsonNode request = JSON.readTree(VALID.get(op));
        JsonNode mutated = replaceAt(request, position, value);
        byte[] body = JSON.writeValueAsBytes(mutated);

        boolean accepted = assertAcceptedOrRefused(op, body);
        if (accepted) {
            assertThat(forbiddenTextIn(mutated)).as("accepted with forbidden text: %s", mutated).isFalse();
        }

        AcpVersion version = VERSIONS.get(versionName);
        byte[] upgraded = version.upgradeRequestBody(op, body);
        try {
            parse(op, upgraded);
        } catch (AcpException e) {
            assertThat(e.status()).isEqualTo(400);
            String rendered = version.renderError(e, AcpVersion.parseObject(body));
            JsonNode error = JSON.readTree(rendered);
            assertThat(error.path("type").isTextual() && error.path("code").isTextual()
                    && error.path("message").isTextual()).as(rendered).isTrue();
        }
    }

    @Property(tries = 300)
    void theFingerprintIgnoresKeyOrder_andNeverFails(@ForAll("values") JsonNode value) throws Exception {
        ObjectNode a = NODES.objectNode();
        a.set("x", value);
        a.put("y", 1);
        ObjectNode b = NODES.objectNode();
        b.put("y", 1.0);
        b.set("x", value);
        byte[] first = JSON.writeValueAsBytes(a);
        byte[] second = JSON.writeValueAsBytes(b);
        // A lone surrogate is written as bytes that are not UTF-8: such a body is fingerprinted byte for byte.
        Assume.that(AcpVersion.parseObject(first) != null);
        assertThat(RequestFingerprint.of(first)).as("%s vs %s", RequestFingerprint.canonicalForm(first),
                RequestFingerprint.canonicalForm(second)).isEqualTo(RequestFingerprint.of(second));
    }

    private static boolean assertAcceptedOrRefused(Operation op, byte[] body) {
        try {
            assertThat(parse(op, body)).isNotNull();
            return true;
        } catch (AcpException e) {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(400);
            assertThat(e.code()).isNotBlank();
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception", "java.");
            return false;
        }
    }

    private static Object parse(Operation op, byte[] body) {
        return switch (op) {
            case CREATE -> PARSER.parseCreate(body);
            case UPDATE -> PARSER.parseUpdate(body);
            case COMPLETE -> PARSER.parseComplete(body);
            case CANCEL -> PARSER.parseCancel(body);
            default -> PARSER.parseCart(body);
        };
    }

    private static boolean forbiddenTextIn(JsonNode node) {
        if (node.isTextual()) {
            return RequestText.problem(node.textValue()) != null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (RequestText.problem(field.getKey()) != null || forbiddenTextIn(field.getValue())) {
                return true;
            }
        }
        for (JsonNode item : node.isArray() ? node : List.<JsonNode>of()) {
            if (forbiddenTextIn(item)) {
                return true;
            }
        }
        return false;
    }

    /** The tree with its {@code position}-th node (pre-order, modulo the count; 0 = the root) replaced by {@code value}. */
    private static JsonNode replaceAt(JsonNode root, int position, JsonNode value) {
        List<Runnable> replacements = new ArrayList<>();
        collect(root, value, replacements);
        if (replacements.isEmpty()) {
            return value;
        }
        replacements.get(Math.floorMod(position, replacements.size())).run();
        return root;
    }

    private static void collect(JsonNode node, JsonNode value, List<Runnable> replacements) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                replacements.add(() -> object.set(name, value));
                collect(object.get(name), value, replacements);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                replacements.add(() -> array.set(index, value));
                collect(array.get(i), value, replacements);
            }
        }
    }

    @Provide
    Arbitrary<Operation> operations() {
        return Arbitraries.of(Operation.CREATE, Operation.UPDATE, Operation.COMPLETE, Operation.CANCEL);
    }

    @Provide
    Arbitrary<String> versionNames() {
        return Arbitraries.of(VERSIONS.names());
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 200);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsnl \\u")
                .ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nested = Arbitraries.integers().between(1, 3000)
                .map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, jsonish, nested);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return value(3);
    }

    private Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(text().map(NODES::textNode), numbers(),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> arrays = value(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(text().list().ofMaxSize(3), value(depth - 1).list().ofSize(3))
                .as((names, items) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        object.set(names.get(i), items.get(i));
                    }
                    return (JsonNode) object;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf), net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(1, objects));
    }

    private static Arbitrary<String> text() {
        Arbitrary<String> hostile = Arbitraries.of("", " ", "\u0000", "a\u0007b", "\u202eevil", "\ud800", "x\udc00",
                "\ufffe", "' OR 1=1--", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "../../etc/passwd",
                "\uD83D\uDE00", "{\"nested\":\"json\"}", "SPT_TEST_SUCCESS", "a".repeat(6000), "\u0085", "\r\n\t");
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30), hostile,
                Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(1).ofMaxLength(20));
    }

    private static Arbitrary<JsonNode> numbers() {
        Function<String, JsonNode> decimal = s -> NODES.numberNode(new BigDecimal(s));
        return Arbitraries.oneOf(
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.of("1e1000000000", "-1e1000000000", "1e-1000000000", "2.5", "1.0", "0.0725",
                        "1e308", "12345678901234567890123456789", "-0").map(decimal),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(30).negate(),
                        java.math.BigInteger.TEN.pow(30)).map(b -> (JsonNode) NODES.numberNode(b)));
    }
}
