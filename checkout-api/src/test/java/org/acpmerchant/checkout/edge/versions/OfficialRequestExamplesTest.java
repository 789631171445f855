package org.acpmerchant.checkout.edge.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.application.AcpRequests.CompleteRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.CreateRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.UpdateRequest;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every official checkout request example of every served version (digest §25) through
 * {@code upgradeRequest} and the one canonical {@link AcpRequestParser}. Each example is first checked against its
 * own version's JSON Schema definition (all are valid there), then must be accepted — except the one this merchant
 * deliberately refuses, listed in {@link #DELIBERATELY_REJECTED} with the reason.
 */
class OfficialRequestExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AcpVersions VERSIONS = AcpVersions.of(properties());
    private static final AcpRequestParser PARSER = new AcpRequestParser();

    /**
     * version/key → the error we answer. 2025-09-29's create example orders {@code quantity: 2.5}: valid in that
     * version only (decimal quantity, back-ported 2026-02-05; digest §6.1, §23 row 21) but the canonical model counts
     * whole units, so it is refused with a 400 naming the field in the caller's terms.
     */
    static final Map<String, String> DELIBERATELY_REJECTED =
            Map.of("2025-09-29/create_checkout_session_request", "invalid_type $.items[0].quantity");

    static CheckoutProperties properties() {
        return new CheckoutProperties(null, null, null, null, null, null, null, null, null, null, null,
                Map.of("terms_of_use", "https://merchant.example.com/terms"), null, null);
    }

    static Stream<Arguments> requestExamples() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String version : ApiVersions.SUPPORTED) {
            Path file = AcpSchemas.requireSpecDir().resolve(version).resolve("examples").resolve(version)
                    .resolve("examples.agentic_checkout.json");
            JsonNode examples = JSON.readTree(file.toFile());
            for (Iterator<String> it = examples.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                Operation op = operation(key);
                if (op != null) {
                    cases.add(Arguments.of(version, key, op));
                }
            }
        }
        return cases.stream();
    }

    /** Request examples only: responses, fragments, errors, webhooks and discovery are not agent requests. */
    static Operation operation(String key) {
        if (!key.contains("request") || key.startsWith("webhook") || key.startsWith("authentication_result")) {
            return null;
        }
        if (key.startsWith("create_")) {
            return Operation.CREATE;
        }
        if (key.startsWith("update_")) {
            return Operation.UPDATE;
        }
        if (key.startsWith("complete_")) {
            return Operation.COMPLETE;
        }
        if (key.startsWith("cancel_")) {
            return Operation.CANCEL;
        }
        return null;
    }

    static String definition(Operation op) {
        return switch (op) {
            case CREATE -> "CheckoutSessionCreateRequest";
            case UPDATE -> "CheckoutSessionUpdateRequest";
            case COMPLETE -> "CheckoutSessionCompleteRequest";
            case CANCEL -> "CancelSessionRequest";
            case RETRIEVE -> throw new IllegalArgumentException();
        };
    }

    static Object parse(Operation op, JsonNode canonical) {
        byte[] body = canonical.toString().getBytes();
        return switch (op) {
            case CREATE -> PARSER.parseCreate(body);
            case UPDATE -> PARSER.parseUpdate(body);
            case COMPLETE -> PARSER.parseComplete(body);
            case CANCEL -> PARSER.parseCancel(body);
            case RETRIEVE -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requestExamples")
    void officialRequestExample_isSchemaValid_andUpgradedRequestIsAccepted(String version, String key, Operation op) {
        JsonNode example = AcpSchemas.example(version, "examples.agentic_checkout.json", key);
        assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", definition(op), example))
                .as("the official example is valid in its own version (digest §25)").isEmpty();
        AcpVersion v = VERSIONS.get(version);
        JsonNode canonical = v.upgradeRequest(op, example);
        String rejection = DELIBERATELY_REJECTED.get(version + "/" + key);
        if (rejection == null) {
            assertThat(parse(op, canonical)).isNotNull();
            // The upgrade never touches the example itself.
            assertThat(example).isEqualTo(AcpSchemas.example(version, "examples.agentic_checkout.json", key));
        } else {
            AcpException e = catchThrowableOfType(() -> parse(op, canonical), AcpException.class);
            JsonNode error = v.downgradeError((com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(
                    Map.of("type", e.type(), "code", e.code(), "message", e.getMessage(), "param", e.param())),
                    example);
            assertThat(error.get("code").asText() + " " + error.get("param").asText()).isEqualTo(rejection);
            assertThat(error.get("message").asText()).contains("$.items[0].quantity").doesNotContain("line_items");
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Error", error)).isEmpty();
        }
    }

    @Test
    void v2025_09_29_create_withWholeQuantity_isAccepted_andAddressBecomesFulfillmentDetails() {
        JsonNode example = AcpSchemas.example("2025-09-29", "examples.agentic_checkout.json",
                "create_checkout_session_request").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("items").get(0)).put("quantity", 2);
        CreateRequest create = (CreateRequest) parse(Operation.CREATE,
                VERSIONS.get("2025-09-29").upgradeRequest(Operation.CREATE, example));
        assertThat(create.inputs().currency()).isEqualTo("usd");
        assertThat(create.inputs().lines().get(0).itemId()).isEqualTo("item_123");
        assertThat(create.inputs().lines().get(0).quantity()).isEqualTo(2);
        assertThat(create.inputs().fulfillment().name()).isEqualTo("John Doe");
        assertThat(create.inputs().fulfillment().address().postalCode()).isEqualTo("94131");
        assertThat(create.inputs().agentInterventions()).isEmpty();
    }

    @Test
    void v2025_09_29_update_fulfillmentOptionId_selectsTheOption() {
        JsonNode example = AcpSchemas.example("2025-09-29", "examples.agentic_checkout.json",
                "update_checkout_session_request");
        UpdateRequest update = (UpdateRequest) parse(Operation.UPDATE,
                VERSIONS.get("2025-09-29").upgradeRequest(Operation.UPDATE, example));
        assertThat(update.selectedFulfillmentOptionId().present()).isTrue();
        assertThat(update.selectedFulfillmentOptionId().value()).isEqualTo("fulfillment_option_456");
        assertThat(update.lines().present()).isFalse();
    }

    @Test
    void nestedSelectedOptions_2025_12_12_and_2026_01_16_areFlattened() {
        for (String version : List.of("2025-12-12", "2026-01-16")) {
            JsonNode example = AcpSchemas.example(version, "examples.agentic_checkout.json",
                    "update_checkout_session_request");
            UpdateRequest update = (UpdateRequest) parse(Operation.UPDATE,
                    VERSIONS.get(version).upgradeRequest(Operation.UPDATE, example));
            assertThat(update.selectedFulfillmentOptionId().value()).isEqualTo("fulfillment_option_456");
        }
    }

    @Test
    void legacyPaymentData_usesTheHandlerWhosePspIsTheProvider() {
        for (String version : List.of("2025-09-29", "2025-12-12", "2026-01-16")) {
            JsonNode example = AcpSchemas.example(version, "examples.agentic_checkout.json",
                    "complete_checkout_session_request");
            CompleteRequest complete = (CompleteRequest) parse(Operation.COMPLETE,
                    VERSIONS.get(version).upgradeRequest(Operation.COMPLETE, example));
            assertThat(complete.credential().handlerId()).isEqualTo("card_tokenized");
            assertThat(complete.credential().instrumentType()).isEqualTo("card");
            assertThat(complete.credential().credentialType()).isEqualTo("spt");
            assertThat(complete.credential().token()).isEqualTo("spt_123");
            assertThat(complete.buyer().firstName()).isEqualTo("John");
        }
    }

    @Test
    void v2026_01_16_authenticationOutcomes_mapToTheCanonicalEnum() {
        JsonNode example = AcpSchemas.example("2026-01-16", "examples.agentic_checkout.json",
                "complete_session_with_authentication_result_request").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) example.get("authentication_result")).put("outcome", "attempt");
        CompleteRequest complete = (CompleteRequest) parse(Operation.COMPLETE,
                VERSIONS.get("2026-01-16").upgradeRequest(Operation.COMPLETE, example));
        assertThat(complete.authentication().outcome()).isEqualTo("attempt_acknowledged");
        assertThat(complete.credential().token()).isEqualTo("spt_3ds_token_001");
    }

    @Test
    void v2025_09_29_cancel_ignoresAnyBody_laterVersionsReadTheIntentTrace() {
        byte[] trace = "{\"intent_trace\":{\"reason_code\":\"comparison\"}}".getBytes();
        assertThat(PARSER.parseCancel(VERSIONS.get("2025-09-29").upgradeRequestBody(Operation.CANCEL, trace))
                .reasonCode()).isNull();
        assertThat(PARSER.parseCancel(VERSIONS.get("2025-09-29").upgradeRequestBody(Operation.CANCEL, new byte[0]))
                .reasonCode()).isNull();
        for (String version : List.of("2025-12-12", "2026-01-16", "2026-01-30", "2026-04-17")) {
            assertThat(PARSER.parseCancel(VERSIONS.get(version).upgradeRequestBody(Operation.CANCEL, trace))
                    .reasonCode()).isEqualTo("comparison");
            assertThat(PARSER.parseCancel(VERSIONS.get(version).upgradeRequestBody(Operation.CANCEL, new byte[0]))
                    .reasonCode()).isNull();
        }
    }

    @Test
    void malformedBodies_reachTheCanonicalParserUnchanged() {
        for (String version : ApiVersions.SUPPORTED) {
            byte[] body = "{not json".getBytes();
            assertThat(VERSIONS.get(version).upgradeRequestBody(Operation.CREATE, body)).isEqualTo(body);
            assertThatThrownBy(() -> PARSER.parseCreate(VERSIONS.get(version).upgradeRequestBody(Operation.CREATE, body)))
                    .isInstanceOfSatisfying(AcpException.class, e -> assertThat(e.code()).isEqualTo("invalid_json"));
        }
    }

    @Test
    void everySupportedVersionHasAMapping_newestFirst() {
        assertThat(VERSIONS.names()).containsExactlyElementsOf(ApiVersions.SUPPORTED);
        assertThat(ApiVersions.SUPPORTED.get(0)).isEqualTo("2026-04-17");
        assertThat(ApiVersions.SUPPORTED).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }
}
