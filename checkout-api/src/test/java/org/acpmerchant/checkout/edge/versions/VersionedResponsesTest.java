package org.acpmerchant.checkout.edge.versions;

import static org.acpmerchant.checkout.session.Fixtures.CARD;
import static org.acpmerchant.checkout.session.Fixtures.SESSION;
import static org.acpmerchant.checkout.session.Fixtures.T0;
import static org.acpmerchant.checkout.session.Fixtures.inputs;
import static org.acpmerchant.checkout.session.Fixtures.outOfStockQuote;
import static org.acpmerchant.checkout.session.Fixtures.payableQuote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCanceled;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCompleted;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionRequested;
import org.acpmerchant.checkout.session.api.CompletionOutcome;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders canonical session states (the same fixtures as {@code AcpSessionRendererTest}), downgrades them to every
 * served version and validates each against that version's JSON Schema. 2025-09-29's
 * {@code CheckoutSessionWithOrder} can never validate (digest §26.2: {@code allOf} with a Base that forbids
 * {@code order}), so its completed response is validated as {@code CheckoutSession} without {@code order}, and the
 * order itself against {@code $defs/Order}.
 */
class VersionedResponsesTest {

    static final CheckoutProperties PROPS = new CheckoutProperties(null, null, null, null, null, null, null, null, null,
            null, null, Map.of("terms_of_use", "https://merchant.example.com/terms",
                    "privacy_policy", "https://merchant.example.com/privacy",
                    "return_policy", "https://merchant.example.com/returns",
                    "shipping_policy", "https://merchant.example.com/shipping"), null, null);
    static final AcpSessionRenderer RENDERER = new AcpSessionRenderer(PROPS);
    static final AcpVersions VERSIONS = AcpVersions.of(PROPS);
    static final ClientHints HINTS = new ClientHints("application/json", "ChatGPT/2.0 (test)", "en-US,en;q=0.9",
            "203.0.113.42");
    static final Buyer FULL_BUYER = new Buyer("John", "Smith", null, "john@example.com", "15552003434", null, null);

    static SessionState state(Object... events) {
        SessionState s = null;
        for (Object e : events) {
            s = SessionEvolution.evolve(s, e);
        }
        return s;
    }

    static final CheckoutSessionCreated CREATED =
            new CheckoutSessionCreated(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(1800));
    static final CompletionRequested REQUESTED =
            new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1", 5863, "usd", CARD, FULL_BUYER, T0);
    static final PaymentRequested PAYMENT = new PaymentRequested("pay_1", SESSION, "att_1", 5863, "usd",
            "card_tokenized", "spt", "spt_test_success", null, T0);

    /** The canonical states an agent can see, with the instant they are rendered at. */
    record Canonical(String name, Operation op, SessionState state, Instant at) {
        ObjectNode render() {
            return RENDERER.render(state, at);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Canonical> canonicalStates() {
        return List.of(
                new Canonical("ready_for_payment", Operation.CREATE, state(CREATED), T0),
                new Canonical("not_ready_out_of_stock", Operation.CREATE, state(new CheckoutSessionCreated(SESSION,
                        "chatgpt", inputs(), outOfStockQuote(), T0, T0.plusSeconds(60))), T0),
                new Canonical("declined", Operation.COMPLETE, state(CREATED, REQUESTED, PAYMENT,
                        new CompletionPaymentDeclined(SESSION, "att_1", "pay_1", "card_declined",
                                "Your card was declined.", T0),
                        new CompletionFailed(SESSION, "att_1", CompletionOutcome.PAYMENT_DECLINED, "card_declined", T0)),
                        T0),
                new Canonical("authentication_required", Operation.COMPLETE, state(CREATED, REQUESTED, PAYMENT,
                        new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0)), T0),
                new Canonical("completed_with_order", Operation.COMPLETE, state(CREATED, REQUESTED,
                        new CompletionOrderCreated(SESSION, "att_1", "ord_1", "https://merchant.example.com/orders/ord_1", T0),
                        new CheckoutSessionCompleted(SESSION, "att_1", "ord_1",
                                "https://merchant.example.com/orders/ord_1", T0)), T0),
                new Canonical("canceled", Operation.CANCEL, state(CREATED,
                        new CheckoutSessionCanceled(SESSION, "other", T0)), T0),
                new Canonical("expired", Operation.RETRIEVE, state(CREATED), T0.plusSeconds(1800)),
                new Canonical("complete_in_progress", Operation.COMPLETE, state(CREATED, REQUESTED, PAYMENT), T0),
                new Canonical("discounted_with_warning", Operation.UPDATE, state(discounted()), T0));
    }

    /** A session with the discount extension in use: one code applied, one rejected with a warning message. */
    static CheckoutSessionCreated discounted() {
        QuoteReply base = payableQuote();
        QuoteReply quote = new QuoteReply(base.requestId(), base.sessionId(), base.currency(), base.lines(),
                base.fulfillmentOptions(), base.selectedFulfillmentOptionId(), base.totals(),
                List.of(new QuoteReply.QuoteMessage("warning", "discount_code_expired", "$.discounts.codes[1]",
                        "OLD5 has expired.")), null, T0,
                List.of(new QuoteReply.AppliedDiscount("disc_save10", "SAVE10", false, "10% off", 10, null, 500,
                        "across", 1, List.of(new QuoteReply.Allocation(0, 500)))),
                List.of(new QuoteReply.RejectedDiscount("OLD5", "discount_code_expired", "OLD5 has expired.")));
        SessionInputs in = inputs();
        SessionInputs withCodes = new SessionInputs(in.currency(), in.lines(), in.buyer(), in.fulfillment(), null,
                List.of("SAVE10", "OLD5"), in.agentInterventions(), null, null, null);
        return new CheckoutSessionCreated(SESSION, "chatgpt", withCodes, quote, T0, T0.plusSeconds(1800));
    }

    static Stream<Arguments> versionsAndStates() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : ApiVersions.SUPPORTED) {
            for (Canonical c : canonicalStates()) {
                cases.add(Arguments.of(version, c));
            }
        }
        return cases.stream();
    }

    /** Validates a downgraded session against its version's schema (see the class comment for 2025-09-29). */
    static void assertValid(String version, JsonNode body) {
        if (version.equals("2025-09-29") && body.has("order")) {
            ObjectNode base = body.deepCopy();
            JsonNode order = base.remove("order");
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "CheckoutSession", base))
                    .as(version + " " + base).isEmpty();
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Order", order)).isEmpty();
            assertThat(AcpSchemas.validateSession(version, body)).as("digest §26.2: never valid").isNotEmpty();
            return;
        }
        assertThat(AcpSchemas.validateSession(version, body)).as(version + " " + body).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndStates")
    void downgradedSession_isValidInItsVersion(String version, Canonical canonical) {
        ObjectNode rendered = canonical.render();
        ObjectNode body = VERSIONS.get(version).downgradeResponse(canonical.op(), rendered.deepCopy(), HINTS);
        assertValid(version, body);
        assertThat(body.get("id").asText()).isEqualTo(SESSION);
        assertThat(body.toString()).doesNotContain("spt_test_success");
    }

    @Test
    void statuses_mapIntoEachVersionsEnum() {
        Map<String, List<String>> expected = Map.of(
                // ready, out_of_stock, declined, authentication_required, completed, canceled, expired, in progress
                "2026-04-17", List.of("ready_for_payment", "not_ready_for_payment", "ready_for_payment",
                        "authentication_required", "completed", "canceled", "expired", "complete_in_progress",
                        "ready_for_payment"),
                "2026-01-30", List.of("ready_for_payment", "not_ready_for_payment", "ready_for_payment",
                        "authentication_required", "completed", "canceled", "expired", "complete_in_progress",
                        "ready_for_payment"),
                "2026-01-16", List.of("ready_for_payment", "not_ready_for_payment", "ready_for_payment",
                        "authentication_required", "completed", "canceled", "canceled", "in_progress",
                        "ready_for_payment"),
                "2025-12-12", List.of("ready_for_payment", "not_ready_for_payment", "ready_for_payment",
                        "authentication_required", "completed", "canceled", "canceled", "in_progress",
                        "ready_for_payment"),
                "2025-09-29", List.of("ready_for_payment", "not_ready_for_payment", "ready_for_payment",
                        "in_progress", "completed", "canceled", "canceled", "in_progress", "ready_for_payment"));
        expected.forEach((version, statuses) -> {
            List<String> actual = canonicalStates().stream()
                    .map(c -> VERSIONS.get(version).downgradeResponse(c.op(), c.render(), HINTS).get("status").asText())
                    .toList();
            assertThat(actual).as(version).containsExactlyElementsOf(statuses);
        });
    }

    @Test
    void v2025_09_29_shape() {
        ObjectNode body = VERSIONS.get("2025-09-29").downgradeResponse(Operation.CREATE,
                RENDERER.render(state(CREATED), T0), HINTS);
        assertThat(body.at("/fulfillment_address/postal_code").asText()).isEqualTo("94131");
        assertThat(body.has("fulfillment_details")).isFalse();
        assertThat(body.get("fulfillment_option_id").asText()).isEqualTo("ship_standard");
        assertThat(body.has("selected_fulfillment_options")).isFalse();
        assertThat(body.at("/payment_provider").toString())
                .isEqualTo("{\"provider\":\"stripe\",\"supported_payment_methods\":[\"card\"]}");
        JsonNode line = body.at("/line_items/0");
        assertThat(line.at("/item/quantity").asInt()).isEqualTo(2);
        assertThat(List.of(line.get("base_amount").asLong(), line.get("discount").asLong(), line.get("subtotal").asLong(),
                line.get("tax").asLong(), line.get("total").asLong())).containsExactly(5000L, 0L, 5000L, 363L, 5363L);
        JsonNode option = body.at("/fulfillment_options/0");
        assertThat(List.of(option.get("subtotal").asLong(), option.get("tax").asLong(), option.get("total").asLong()))
                .containsExactly(500L, 0L, 500L);
        assertThat(body.at("/links").findValuesAsText("type"))
                .containsExactlyInAnyOrder("terms_of_use", "privacy_policy", "seller_shop_policies");
        for (String absent : List.of("capabilities", "protocol", "created_at", "expires_at", "updated_at")) {
            assertThat(body.has(absent)).as(absent).isFalse();
        }

        ObjectNode threeDs = VERSIONS.get("2025-09-29").downgradeResponse(Operation.COMPLETE, RENDERER.render(
                state(CREATED, REQUESTED, PAYMENT, new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0)),
                T0), HINTS);
        assertThat(threeDs.get("status").asText()).isEqualTo("in_progress");
        assertThat(threeDs.has("authentication_metadata")).isFalse();
        assertThat(threeDs.at("/messages/0/code").asText()).isEqualTo("requires_3ds");
    }

    @Test
    void v2025_12_12_and_2026_01_16_shapes() {
        ObjectNode canonical = RENDERER.render(state(CREATED, REQUESTED, PAYMENT,
                new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0)), T0);
        ObjectNode v0116 = VERSIONS.get("2026-01-16").downgradeResponse(Operation.COMPLETE, canonical.deepCopy(), HINTS);
        assertThat(v0116.at("/payment_provider/merchant_id").asText()).isEqualTo("acct_local_merchant");
        assertThat(v0116.at("/payment_provider/supported_payment_methods/0/supported_card_networks").size()).isEqualTo(4);
        assertThat(v0116.at("/authentication_provider/supported_authentication_methods/0").asText()).isEqualTo("3ds");
        assertThat(v0116.at("/fulfillment_options/0/totals").isArray()).isTrue();
        assertThat(v0116.at("/selected_fulfillment_options/0/shipping/option_id").asText()).isEqualTo("ship_standard");
        assertThat(v0116.at("/selected_fulfillment_options/0/shipping/item_ids/0").asText()).isEqualTo("shirt-m");
        assertThat(v0116.at("/authentication_metadata/channel/browser/language").asText()).isEqualTo("en-US");
        assertThat(v0116.at("/authentication_metadata/channel/browser/ip_address").asText()).isEqualTo("203.0.113.42");
        assertThat(v0116.at("/buyer/first_name").asText()).isEqualTo("John");

        ObjectNode v1212 = VERSIONS.get("2025-12-12").downgradeResponse(Operation.COMPLETE, canonical.deepCopy(), HINTS);
        assertThat(v1212.has("authentication_provider")).isFalse();
        assertThat(v1212.at("/payment_provider").has("merchant_id")).isFalse();
        assertThat(v1212.at("/fulfillment_options/0/total").asLong()).isEqualTo(500);
        assertThat(v1212.at("/fulfillment_options/0").has("totals")).isFalse();
        assertThat(v1212.at("/authentication_metadata/channel/type").asText()).isEqualTo("browser");
    }

    @Test
    void discounts_keptFrom_2026_01_30_warningBecomesInfoBefore() {
        ObjectNode canonical = RENDERER.render(state(discounted()), T0);
        ObjectNode v0130 = VERSIONS.get("2026-01-30").downgradeResponse(Operation.UPDATE, canonical.deepCopy(), HINTS);
        assertThat(v0130.at("/discounts/applied/0/amount").asLong()).isEqualTo(500);
        assertThat(v0130.at("/messages/0/type").asText()).isEqualTo("warning");
        ObjectNode v0116 = VERSIONS.get("2026-01-16").downgradeResponse(Operation.UPDATE, canonical.deepCopy(), HINTS);
        assertThat(v0116.has("discounts")).isFalse();
        assertThat(v0116.at("/messages/0").toString()).isEqualTo("{\"type\":\"info\",\"param\":\"$.discounts.codes[1]\","
                + "\"content_type\":\"plain\",\"content\":\"OLD5 has expired.\"}");
    }

    @Test
    void buyer_withoutNames_isOmittedUpTo_2026_01_16_butKeptAfter() {
        var emailOnly = new Buyer(null, null, null, "jane@example.com", null, null, null);
        ObjectNode canonical = RENDERER.render(state(CREATED, new CompletionRequested(SESSION, "att_1", "res_1",
                "pay_1", "ord_1", 5863, "usd", CARD, emailOnly, T0)), T0);
        for (String version : List.of("2025-09-29", "2025-12-12", "2026-01-16")) {
            ObjectNode body = VERSIONS.get(version).downgradeResponse(Operation.COMPLETE, canonical.deepCopy(), HINTS);
            assertThat(body.has("buyer")).as(version).isFalse();
            assertValid(version, body);
        }
        ObjectNode v0130 = VERSIONS.get("2026-01-30").downgradeResponse(Operation.COMPLETE, canonical.deepCopy(), HINTS);
        assertThat(v0130.at("/buyer/email").asText()).isEqualTo("jane@example.com");
        assertValid("2026-01-30", v0130);
    }

    @Test
    void v2026_01_30_shape() {
        ObjectNode completed = RENDERER.render(canonicalStates().get(4).state(), T0);
        ObjectNode body = VERSIONS.get("2026-01-30").downgradeResponse(Operation.COMPLETE, completed, HINTS);
        assertThat(body.at("/protocol/version").asText()).isEqualTo("2026-01-30");
        assertThat(body.at("/order/status").asText()).isEqualTo("confirmed");
        assertThat(body.at("/order").has("type")).isFalse();
        assertThat(body.at("/capabilities/payment/handlers/0").has("display_name")).isFalse();
        assertThat(body.at("/capabilities/payment/handlers/0/id").asText()).isEqualTo("card_tokenized");
        assertThat(body.at("/line_items/0/totals").isArray()).isTrue();
    }

    /**
     * A canonical session using everything 2026-04-17 can say that older versions cannot — warning messages and new
     * error codes, pickup options and selections, new link/total types, marketing consent, rich order fields,
     * {@code Address.company} — still downgrades to a valid session in every version.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.acpmerchant.checkout.edge.versions.VersionedResponsesTest#supported")
    void richCanonicalSession_downgradesToValidSessions(String version) {
        ObjectNode canonical = RENDERER.render(canonicalStates().get(4).state(), T0);
        ArrayNode messages = canonical.withArray("messages");
        messages.addObject().put("type", "warning").put("code", "low_stock").put("severity", "medium")
                .put("resolution", "recoverable").put("param", "$.line_items[0]").put("content_type", "plain")
                .put("content", "Only 3 left");
        messages.addObject().put("type", "error").put("code", "quantity_exceeded").put("severity", "high")
                .put("param", "$.fulfillment_details.address.postal_code").put("content_type", "plain")
                .put("content", "Too many");
        messages.addObject().put("type", "info").put("severity", "info").put("content_type", "plain")
                .put("content", "Free returns");
        ObjectNode pickup = canonical.withArray("fulfillment_options").addObject();
        pickup.put("type", "pickup").put("id", "pick_1").put("title", "Store pickup");
        ObjectNode location = pickup.putObject("location");
        location.put("name", "Main St store");
        location.putObject("address").put("name", "Store").put("line_one", "2 Main St").put("city", "SF")
                .put("state", "CA").put("country", "US").put("postal_code", "94131").put("company", "Shop Inc");
        pickup.putArray("totals").addObject().put("type", "total").put("display_text", "Free").put("amount", 0);
        canonical.withArray("selected_fulfillment_options").addObject().put("type", "pickup").put("option_id", "pick_1")
                .putArray("item_ids").add("shirt-m");
        ((ObjectNode) canonical.get("fulfillment_details").get("address")).put("company", "Acme");
        canonical.withArray("links").addObject().put("type", "faq").put("url", "https://merchant.example.com/faq")
                .put("title", "FAQ");
        canonical.withArray("totals").addObject().put("type", "tip").put("display_text", "Tip").put("amount", 100);
        canonical.withArray("totals").addObject().put("type", "amount_refunded").put("display_text", "Refunded")
                .put("amount", 0);
        canonical.putArray("marketing_consent_options").addObject().put("channel", "email")
                .put("display_text", "News").put("privacy_policy_url", "https://merchant.example.com/privacy");
        ObjectNode order = (ObjectNode) canonical.get("order");
        order.put("client_reference_id", "ref_1");
        order.putObject("confirmation").put("confirmation_number", "C1").put("order_notes", "ring twice");
        assertThat(AcpSchemas.validateSession("2026-04-17", canonical)).as("the enriched canonical body").isEmpty();

        ObjectNode body = VERSIONS.get(version).downgradeResponse(Operation.COMPLETE, canonical.deepCopy(), HINTS);
        assertValid(version, body);
        if (version.compareTo("2026-01-30") < 0) {
            assertThat(body.get("messages").findValuesAsText("type")).doesNotContain("warning");
            assertThat(body.get("messages").findValuesAsText("code")).doesNotContain("quantity_exceeded");
            assertThat(body.get("fulfillment_options").findValuesAsText("type")).doesNotContain("pickup");
        }
        if (version.equals("2025-09-29")) {
            assertThat(body.at("/messages/1/param").asText()).isEqualTo("$.fulfillment_address.postal_code");
        }
    }

    static Stream<String> supported() {
        return ApiVersions.SUPPORTED.stream();
    }

    @Test
    void errors_loseSupportedVersionsBefore_2026_04_17_andNameOldFields() {
        AcpException unsupported = new AcpException(400, "invalid_request", "unsupported_api_version",
                "API version '2025-01-01' is not supported", null, ApiVersions.SUPPORTED, null);
        for (String version : ApiVersions.SUPPORTED) {
            JsonNode error = json(VERSIONS.get(version).renderError(unsupported, null));
            assertThat(error.has("supported_versions")).as(version).isEqualTo(version.equals("2026-04-17"));
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Error", error)).isEmpty();
        }
        AcpException quantity = AcpException.invalid("invalid", "'$.line_items[1].quantity' must be between 1 and 9999.",
                "$.line_items[1].quantity");
        assertThat(json(VERSIONS.get("2026-01-16").renderError(quantity, null)).get("param").asText())
                .isEqualTo("$.items[1].quantity");
        assertThat(json(VERSIONS.get("2025-09-29").renderError(quantity, null)).get("message").asText())
                .isEqualTo("'$.items[1].quantity' must be between 1 and 9999.");
        assertThat(json(VERSIONS.get("2026-01-30").renderError(quantity, null)).get("param").asText())
                .isEqualTo("$.line_items[1].quantity");
        AcpException handler = AcpException.invalid("invalid", "Payment handler 'x' is not offered.",
                "$.payment_data.handler_id");
        assertThat(json(VERSIONS.get("2025-12-12").renderError(handler, null)).get("param").asText())
                .isEqualTo("$.payment_data.provider");
        AcpException token = AcpException.invalid("missing", "'$.payment_data.instrument.credential.token' is required.",
                "$.payment_data.instrument.credential.token");
        assertThat(json(VERSIONS.get("2025-09-29").renderError(token, null)).get("message").asText())
                .isEqualTo("'$.payment_data.token' is required.");
        AcpException option = AcpException.invalid("invalid", "Fulfillment option 'x' is not one of this session's.",
                "$.selected_fulfillment_options[0].option_id");
        JsonNode digital = json("{\"selected_fulfillment_options\":[{\"type\":\"digital\",\"digital\":{}}]}");
        assertThat(json(VERSIONS.get("2026-01-16").renderError(option, digital)).get("param").asText())
                .isEqualTo("$.selected_fulfillment_options[0].digital.option_id");
        assertThat(json(VERSIONS.get("2025-09-29").renderError(option, null)).get("param").asText())
                .isEqualTo("$.fulfillment_option_id");
        AcpException address = AcpException.invalid("missing", "'$.fulfillment_details.address.city' is required.",
                "$.fulfillment_details.address.city");
        assertThat(json(VERSIONS.get("2025-09-29").renderError(address, null)).get("param").asText())
                .isEqualTo("$.fulfillment_address.city");
    }

    @Test
    void idempotencyRules_perVersion() {
        for (String version : ApiVersions.SUPPORTED) {
            AcpVersion v = VERSIONS.get(version);
            boolean canonical = version.equals("2026-04-17");
            assertThat(v.idempotencyKeyRequired()).as(version).isEqualTo(canonical);
            assertThat(v.idempotencyConflict().status()).as(version).isEqualTo(canonical ? 422 : 409);
            assertThat(v.idempotencyConflict().code()).isEqualTo("idempotency_conflict");
            JsonNode error = json(v.renderError(v.idempotencyConflict(), null));
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Error", error)).isEmpty();
        }
        assertThat(VERSIONS.get("2026-01-30").idempotencyConflict().getMessage())
                .isEqualTo("Same Idempotency-Key used with different parameters");
    }

    @Test
    void schemaCheck_canFail_inEveryVersion() {
        for (String version : ApiVersions.SUPPORTED) {
            ObjectNode body = VERSIONS.get(version).downgradeResponse(Operation.CREATE,
                    RENDERER.render(state(CREATED), T0), HINTS);
            body.put("status", "not_a_status");
            assertThat(AcpSchemas.validateSession(version, body)).as(version).isNotEmpty();
            ObjectNode extra = VERSIONS.get(version).downgradeResponse(Operation.CREATE,
                    RENDERER.render(state(CREATED), T0), HINTS);
            extra.put("not_a_field", true);
            assertThat(AcpSchemas.validateSession(version, extra)).as(version).isNotEmpty();
        }
        // The un-downgraded canonical body is not a valid 2025-09-29 session: the mapping is what makes it valid.
        assertThat(AcpSchemas.validateSession("2025-09-29", RENDERER.render(state(CREATED), T0))).isNotEmpty();
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
