package org.acpmerchant.checkout.edge.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official request examples digest §25 marks invalid against their own version's schema, and what the gateway
 * does with each — on purpose:
 * <ul>
 *   <li>2026-01-16 {@code examples.capability_negotiation.json} {@code *_request} (7): a pre-release draft
 *       ({@code agent_capabilities}); as 2026-01-16 creates they carry valid {@code items}, and unknown fields are
 *       ignored, so they are <b>accepted leniently</b>.</li>
 *   <li>2026-01-30 and 2026-04-17 {@code discount-extension/*.json} {@code request} (5 + 5) and 2026-04-17
 *       {@code create_multi_item_checkout_request}: no {@code capabilities}, which those versions require — <b>rejected</b>
 *       ({@code missing $.capabilities}); we do not invent capabilities for a version that makes the agent state them.
 *       Their {@code line_items[].quantity} alone would be accepted (digest §26.3).</li>
 *   <li>2026-04-17 MCP payloads: {@code update} uses the 2025-12-12 nested {@code selected_fulfillment_options} —
 *       <b>rejected</b> ({@code missing $.selected_fulfillment_options[0].option_id}); {@code complete} has an
 *       {@code instrument} without {@code type}/{@code credential} — <b>rejected</b>
 *       ({@code missing $.payment_data.instrument.type}). The valid MCP create and cancel payloads are accepted.</li>
 * </ul>
 */
class NonConformingRequestExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AcpVersions VERSIONS = AcpVersions.of(OfficialRequestExamplesTest.properties());

    private static JsonNode read(String version, String file) {
        Path path = AcpSchemas.requireSpecDir().resolve(version).resolve("examples").resolve(version).resolve(file);
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> capabilityNegotiationDrafts() {
        JsonNode file = read("2026-01-16", "examples.capability_negotiation.json");
        List<Arguments> cases = new ArrayList<>();
        for (Iterator<String> it = file.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.endsWith("_request")) {
                cases.add(Arguments.of(key, file.get(key)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "2026-01-16 {0}")
    @MethodSource("capabilityNegotiationDrafts")
    void capabilityNegotiationDrafts_areSchemaInvalid_butAcceptedLeniently(String key, JsonNode request) {
        assertThat(AcpSchemas.validate("2026-01-16", "schema.agentic_checkout.json", "CheckoutSessionCreateRequest",
                request)).isNotEmpty();
        JsonNode canonical = VERSIONS.get("2026-01-16").upgradeRequest(Operation.CREATE, request);
        assertThat(OfficialRequestExamplesTest.parse(Operation.CREATE, canonical)).isNotNull();
    }

    static Stream<Arguments> discountExtensionRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of("2026-01-30", "2026-04-17")) {
            for (String name : List.of("automatic-discount", "order-level-discount",
                    "percentage-discount-with-allocations", "rejected-discount-code", "stacked-discounts")) {
                cases.add(Arguments.of(version, name,
                        read(version, "discount-extension/" + name + ".json").get("request")));
            }
        }
        cases.add(Arguments.of("2026-04-17", "create_multi_item_checkout_request",
                read("2026-04-17", "examples.multi_item_checkout.json").get("create_multi_item_checkout_request")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("discountExtensionRequests")
    void createsWithoutCapabilities_areRejected_inVersionsThatRequireThem(String version, String name, JsonNode request) {
        assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "CheckoutSessionCreateRequest", request))
                .isNotEmpty();
        AcpException e = rejection(version, Operation.CREATE, request);
        assertThat(e.code() + " " + e.param()).isEqualTo("missing $.capabilities");
        // With capabilities stated the same body is accepted (quantity on request items is tolerated).
        var fixed = ((com.fasterxml.jackson.databind.node.ObjectNode) request.deepCopy());
        fixed.putObject("capabilities");
        assertThat(OfficialRequestExamplesTest.parse(Operation.CREATE,
                VERSIONS.get(version).upgradeRequest(Operation.CREATE, fixed))).isNotNull();
    }

    @Test
    void mcpPayloads_validOnesAccepted_invalidOnesRejected() {
        JsonNode mcp = read("2026-04-17", "examples.mcp.agentic_checkout.json");
        JsonNode create = payload(mcp, "create_checkout_session_request");
        JsonNode update = payload(mcp, "update_checkout_session_request");
        JsonNode complete = payload(mcp, "complete_checkout_session_request");
        JsonNode cancel = payload(mcp, "cancel_checkout_session_request");
        String schema = "schema.agentic_checkout.json";
        assertThat(AcpSchemas.validate("2026-04-17", schema, "CheckoutSessionCreateRequest", create)).isEmpty();
        assertThat(OfficialRequestExamplesTest.parse(Operation.CREATE, create)).isNotNull();
        assertThat(AcpSchemas.validate("2026-04-17", schema, "CancelSessionRequest", cancel)).isEmpty();
        assertThat(OfficialRequestExamplesTest.parse(Operation.CANCEL, cancel)).isNotNull();

        assertThat(AcpSchemas.validate("2026-04-17", schema, "CheckoutSessionUpdateRequest", update)).isNotEmpty();
        AcpException nested = rejection("2026-04-17", Operation.UPDATE, update);
        assertThat(nested.code() + " " + nested.param()).isEqualTo("missing $.selected_fulfillment_options[0].option_id");
        assertThat(AcpSchemas.validate("2026-04-17", schema, "CheckoutSessionCompleteRequest", complete)).isNotEmpty();
        AcpException instrument = rejection("2026-04-17", Operation.COMPLETE, complete);
        assertThat(instrument.code() + " " + instrument.param()).isEqualTo("missing $.payment_data.instrument.type");
    }

    private static JsonNode payload(JsonNode mcp, String key) {
        return mcp.get(key).at("/params/arguments/payload");
    }

    private static AcpException rejection(String version, Operation op, JsonNode request) {
        JsonNode canonical = VERSIONS.get(version).upgradeRequest(op, request);
        return catchThrowableOfType(() -> OfficialRequestExamplesTest.parse(op, canonical), AcpException.class);
    }
}
