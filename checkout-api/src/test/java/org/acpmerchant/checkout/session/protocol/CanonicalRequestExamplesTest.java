package org.acpmerchant.checkout.session.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every official checkout request example of the canonical version (2026-04-17: the checkout, MCP, multi-item and
 * discount-extension files) through the canonical parser as it arrives, and the bundled schemas against the spec copy
 * (both read through {@link AcpSchemas}, which reports a missing copy as a skipped test with its reason). The few
 * examples refused on purpose are listed with the answer; the delegate-payment, delegate-authentication and feed files
 * hold no checkout requests.
 */
class CanonicalRequestExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AcpRequestParser PARSER = new AcpRequestParser();
    private static final String V = "2026-04-17";

    /** file/key → the refusal: creates without the capabilities 2026-04-17 requires, and two malformed MCP payloads. */
    static final Map<String, String> REFUSED = Map.of(
            "examples.multi_item_checkout.json/create_multi_item_checkout_request", "missing $.capabilities",
            "discount-extension/automatic-discount.json/request", "missing $.capabilities",
            "discount-extension/order-level-discount.json/request", "missing $.capabilities",
            "discount-extension/percentage-discount-with-allocations.json/request", "missing $.capabilities",
            "discount-extension/rejected-discount-code.json/request", "missing $.capabilities",
            "discount-extension/stacked-discounts.json/request", "missing $.capabilities",
            "examples.mcp.agentic_checkout.json/update_checkout_session_request",
            "missing $.selected_fulfillment_options[0].option_id",
            "examples.mcp.agentic_checkout.json/complete_checkout_session_request",
            "missing $.payment_data.instrument.type");

    static Stream<Arguments> requestExamples() throws IOException {
        Path dir = AcpSchemas.requireSpecDir().resolve(V).resolve("examples").resolve(V);
        List<Arguments> cases = new ArrayList<>();
        JsonNode checkout = JSON.readTree(dir.resolve("examples.agentic_checkout.json").toFile());
        for (Iterator<String> it = checkout.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String op = operation(key);
            if (op != null && !key.startsWith("webhook") && !key.startsWith("authentication_result")) {
                cases.add(Arguments.of("examples.agentic_checkout.json/" + key, op, checkout.get(key)));
            }
        }
        JsonNode mcp = JSON.readTree(dir.resolve("examples.mcp.agentic_checkout.json").toFile());
        for (Iterator<String> it = mcp.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode payload = mcp.get(key).at("/params/arguments/payload");
            if (operation(key) != null && payload.isObject()) {
                cases.add(Arguments.of("examples.mcp.agentic_checkout.json/" + key, operation(key), payload));
            }
        }
        cases.add(Arguments.of("examples.multi_item_checkout.json/create_multi_item_checkout_request", "create",
                JSON.readTree(dir.resolve("examples.multi_item_checkout.json").toFile())
                        .get("create_multi_item_checkout_request")));
        try (Stream<Path> files = Files.list(dir.resolve("discount-extension"))) {
            for (Path file : files.sorted().toList()) {
                cases.add(Arguments.of("discount-extension/" + file.getFileName() + "/request", "create",
                        JSON.readTree(file.toFile()).get("request")));
            }
        }
        return cases.stream();
    }

    private static String operation(String key) {
        if (!key.endsWith("request") && !key.contains("_request_")) {
            return null;
        }
        for (String op : List.of("create", "update", "complete", "cancel")) {
            if (key.startsWith(op + "_")) {
                return op;
            }
        }
        return null;
    }

    @Test
    void theExamplesAreFound() throws IOException {
        List<Arguments> cases = requestExamples().toList();
        // 10 in the checkout file, 4 MCP payloads (not get), 1 multi-item, 5 discount-extension
        assertThat(cases).hasSize(20);
        assertThat(cases.stream().map(a -> (String) a.get()[0])).containsAll(REFUSED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestExamples")
    void anOfficialRequestExample_isParsed_orRefusedOnPurpose(String name, String op, JsonNode example) {
        byte[] body = example.toString().getBytes();
        String refusal = REFUSED.get(name);
        if (refusal == null) {
            assertThat(parse(op, body)).as(name).isNotNull();
        } else {
            AcpException e = catchThrowableOfType(AcpException.class, () -> parse(op, body));
            assertThat(e).as(name).isNotNull();
            assertThat(e.code() + " " + e.param()).isEqualTo(refusal);
        }
    }

    @Test
    void theBundledSchemas_areTheOfficialOnes() throws IOException {
        Path dir = AcpSchemas.requireSpecDir().resolve(V).resolve("spec").resolve(V).resolve("json-schema");
        for (String file : List.of("schema.agentic_checkout.json", "schema.cart.json")) {
            try (InputStream bundled = getClass().getResourceAsStream("/acp-schema/" + V + "/" + file)) {
                assertThat(bundled).as(file).isNotNull();
                assertThat(bundled.readAllBytes()).as(file).isEqualTo(Files.readAllBytes(dir.resolve(file)));
            }
        }
    }

    private static Object parse(String op, byte[] body) {
        return switch (op) {
            case "create" -> PARSER.parseCreate(body);
            case "update" -> PARSER.parseUpdate(body);
            case "complete" -> PARSER.parseComplete(body);
            default -> PARSER.parseCancel(body);
        };
    }
}
