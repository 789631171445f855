package org.acpmerchant.checkout.session.protocol;

import static org.acpmerchant.checkout.session.protocol.JsonReader.array;
import static org.acpmerchant.checkout.session.protocol.JsonReader.integer;
import static org.acpmerchant.checkout.session.protocol.JsonReader.isNull;
import static org.acpmerchant.checkout.session.protocol.JsonReader.object;
import static org.acpmerchant.checkout.session.protocol.JsonReader.present;
import static org.acpmerchant.checkout.session.protocol.JsonReader.string;
import static org.acpmerchant.checkout.session.protocol.JsonReader.strings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.session.api.SessionModel.Address;
import org.acpmerchant.checkout.session.api.SessionModel.Attribution;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.IntentTrace;
import org.acpmerchant.checkout.session.api.SessionModel.FulfillmentDetails;
import org.acpmerchant.checkout.session.api.SessionModel.LineRequest;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.checkout.session.application.AcpRequests.CancelRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.CompleteRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.ConsentDecision;
import org.acpmerchant.checkout.session.application.AcpRequests.CreateRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.Patch;
import org.acpmerchant.checkout.session.application.AcpRequests.UpdateRequest;
import org.acpmerchant.events.checkout.AuthenticationOutcome;

/**
 * Reads ACP 2026-04-17 request bodies into the canonical model. Every violation is a 400 in ACP's flat error shape
 * whose {@code param} points at the offending value. Unknown fields are ignored (forward compatibility); request
 * {@code line_items[].quantity}, absent from the 2026-04-17 schema but sent by every agent, is accepted (default 1).
 */
public class AcpRequestParser {

    static final int MAX_LINE_ITEMS = 100;
    static final int MAX_QUANTITY = 9_999;
    private static final Pattern CURRENCY = Pattern.compile("^[A-Za-z]{3}$");
    private static final Pattern COUNTRY = Pattern.compile("^[A-Za-z]{2}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[\\d\\s().-]+$");
    private static final Set<String> KNOWN_REASONS = Set.of("price_sensitivity", "shipping_cost", "shipping_speed",
            "product_fit", "trust_security", "returns_policy", "payment_options", "comparison", "timing_deferred", "other");

    public CreateRequest parseCreate(byte[] body) {
        JsonNode root = JsonReader.parseObject(body, false);
        List<LineRequest> lines = lineItems(root, true);
        String currency = string(root, "currency", "$.currency", true, 3);
        if (!CURRENCY.matcher(currency).matches()) {
            throw AcpException.invalid("invalid", "'$.currency' must be an ISO 4217 code such as 'usd'.", "$.currency");
        }
        JsonNode capabilities = object(root, "capabilities", "$.capabilities", true);
        List<String> interventions = List.of();
        JsonNode interventionsNode = object(capabilities, "interventions", "$.capabilities.interventions", false);
        if (interventionsNode != null) {
            List<String> supported = strings(interventionsNode, "supported", "$.capabilities.interventions.supported", 20, 50);
            interventions = supported == null ? List.of() : supported;
        }
        String orderNotes = string(root, "order_notes", "$.order_notes", false, 5000);
        String locale = string(root, "locale", "$.locale", false, 35);
        JsonNode metadata = root.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw JsonReader.wrongType("$.metadata", "an object");
        }
        return new CreateRequest(new SessionInputs(currency.toLowerCase(Locale.ROOT), lines,
                buyer(root, "$.buyer"), fulfillmentDetails(root), null, discountCodes(root), interventions, orderNotes,
                locale, metadata == null || metadata.isNull() ? null : metadata.toString()),
                attribution(root));
    }

    /** A cart create or full replace ({@code schema.cart.json}): line items (≥ 1) and an optional buyer. */
    public CartRequest parseCart(byte[] body) {
        JsonNode root = JsonReader.parseObject(body, false);
        if (!present(root, "line_items") || isNull(root, "line_items")
                || (root.get("line_items").isArray() && root.get("line_items").isEmpty())) {
            throw AcpException.invalid("missing_line_items", "At least one line item is required.", "$.line_items");
        }
        return new CartRequest(lineItems(root, true), buyer(root, "$.buyer"));
    }

    /** A parsed cart request. */
    public record CartRequest(List<LineRequest> lines, Buyer buyer) {}

    public UpdateRequest parseUpdate(byte[] body) {
        JsonNode root = JsonReader.parseObject(body, false);
        Patch<List<LineRequest>> lines = present(root, "line_items")
                ? (isNull(root, "line_items")
                        ? fail("$.line_items", "'$.line_items' cannot be cleared; send the items to keep.")
                        : new Patch<>(true, lineItems(root, true)))
                : Patch.absent();
        Patch<Buyer> buyer = present(root, "buyer") ? new Patch<>(true, buyer(root, "$.buyer")) : Patch.absent();
        Patch<FulfillmentDetails> fulfillment = present(root, "fulfillment_details")
                ? new Patch<>(true, fulfillmentDetails(root))
                : Patch.absent();
        Patch<String> selected = present(root, "selected_fulfillment_options")
                ? new Patch<>(true, selectedOption(root))
                : Patch.absent();
        Patch<List<String>> codes = present(root, "discounts") || present(root, "coupons")
                ? new Patch<>(true, discountCodes(root))
                : Patch.absent();
        Patch<String> notes = present(root, "order_notes")
                ? new Patch<>(true, string(root, "order_notes", "$.order_notes", false, 5000))
                : Patch.absent();
        return new UpdateRequest(lines, buyer, fulfillment, selected, codes, notes);
    }

    public CompleteRequest parseComplete(byte[] body) {
        JsonNode root = JsonReader.parseObject(body, false);
        JsonNode paymentData = object(root, "payment_data", "$.payment_data", true);
        if (present(paymentData, "purchase_order_number") && !present(paymentData, "handler_id")) {
            throw AcpException.invalid("unsupported", "Purchase-order payment is not accepted by this merchant.",
                    "$.payment_data.purchase_order_number");
        }
        String handlerId = JsonReader.identifier(paymentData, "handler_id", "$.payment_data.handler_id", 200);
        JsonNode instrument = object(paymentData, "instrument", "$.payment_data.instrument", true);
        String instrumentType = string(instrument, "type", "$.payment_data.instrument.type", true, 50);
        JsonNode credential = object(instrument, "credential", "$.payment_data.instrument.credential", true);
        String credentialType = string(credential, "type", "$.payment_data.instrument.credential.type", true, 50);
        String token = JsonReader.identifier(credential, "token", "$.payment_data.instrument.credential.token", 500);
        if (present(paymentData, "billing_address") && !isNull(paymentData, "billing_address")) {
            address(object(paymentData, "billing_address", "$.payment_data.billing_address", false),
                    "$.payment_data.billing_address");
        }
        string(root, "order_notes", "$.order_notes", false, 5000);
        return new CompleteRequest(new PaymentCredential(handlerId, instrumentType, credentialType, token),
                buyer(root, "$.buyer"), authentication(root), attribution(root), consents(root));
    }

    public CancelRequest parseCancel(byte[] body) {
        JsonNode root = JsonReader.parseObject(body, true);
        JsonNode trace = object(root, "intent_trace", "$.intent_trace", false);
        if (trace == null) {
            return new CancelRequest(null);
        }
        String reason = string(trace, "reason_code", "$.intent_trace.reason_code", true, 100);
        String summary = string(trace, "trace_summary", "$.intent_trace.trace_summary", false, 500);
        String metadata = flatMetadata(trace, "$.intent_trace.metadata");
        String code = KNOWN_REASONS.contains(reason) ? reason : "other";
        return new CancelRequest(code, new IntentTrace(code, summary, metadata));
    }

    /**
     * {@code affiliate_attribution} (digest §20): provider and a token or publisher id; identifiers that look like an
     * email address or a phone number are refused ({@code pii_not_allowed}); unknown fields are ignored.
     */
    private Attribution attribution(JsonNode root) {
        String path = "$.affiliate_attribution";
        JsonNode node = object(root, "affiliate_attribution", path, false);
        if (node == null) {
            return null;
        }
        String provider = string(node, "provider", path + ".provider", true, 256);
        String token = string(node, "token", path + ".token", false, 4096);
        String publisher = noPii(node, "publisher_id", path, 256);
        if (token == null && publisher == null) {
            throw AcpException.invalid("invalid_type", "'" + path + "' needs a token or a publisher_id.",
                    path + ".publisher_id");
        }
        String campaign = noPii(node, "campaign_id", path, 256);
        String creative = noPii(node, "creative_id", path, 256);
        String sub = noPii(node, "sub_id", path, 256);
        String sourceType = null;
        String sourceUrl = null;
        JsonNode source = object(node, "source", path + ".source", false);
        if (source != null) {
            sourceType = string(source, "type", path + ".source.type", true, 20);
            if (!Set.of("url", "platform", "unknown").contains(sourceType)) {
                throw AcpException.invalid("invalid_type", "'" + path + ".source.type' must be url, platform or "
                        + "unknown.", path + ".source.type");
            }
            sourceUrl = string(source, "url", path + ".source.url", false, 2048);
        }
        String touchpoint = string(node, "touchpoint", path + ".touchpoint", false, 10);
        if (touchpoint != null && !Set.of("first", "last").contains(touchpoint)) {
            throw AcpException.invalid("invalid_type", "'" + path + ".touchpoint' must be first or last.",
                    path + ".touchpoint");
        }
        String issuedAt = timestamp(node, "issued_at", path);
        String expiresAt = timestamp(node, "expires_at", path);
        String metadata = flatMetadata(node, path + ".metadata");
        if (metadata != null) {
            node.get("metadata").fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && looksPersonal(f.getValue().asText())) {
                    throw AcpException.invalid("pii_not_allowed", "Attribution metadata must not carry personal "
                            + "data.", path + ".metadata." + f.getKey());
                }
            });
        }
        return new Attribution(provider, token, publisher, campaign, creative, sub, sourceType, sourceUrl, issuedAt,
                expiresAt, metadata);
    }

    private String noPii(JsonNode node, String field, String path, int maxLength) {
        String value = string(node, field, path + "." + field, false, maxLength);
        if (value != null && looksPersonal(value)) {
            throw AcpException.invalid("pii_not_allowed", "'" + path + "." + field + "' must not carry personal "
                    + "data such as an email address or a phone number.", path + "." + field);
        }
        return value;
    }

    /**
     * An email address, or a formatted phone number: only digits, {@code +}, spaces, dots, dashes and parentheses,
     * with a {@code +} or a separator, and 10–15 digits. Bare digit strings are ids, not phone numbers.
     */
    static boolean looksPersonal(String value) {
        String v = value.trim();
        if (EMAIL.matcher(v).matches()) {
            return true;
        }
        long digits = v.chars().filter(Character::isDigit).count();
        boolean formatted = v.chars().anyMatch(c -> !Character.isDigit(c));
        return PHONE_LIKE.matcher(v).matches() && formatted && digits >= 10 && digits <= 15;
    }

    private String timestamp(JsonNode node, String field, String path) {
        String value = string(node, field, path + "." + field, false, 64);
        if (value != null) {
            try {
                java.time.OffsetDateTime.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw AcpException.invalid("invalid_type", "'" + path + "." + field + "' must be an RFC 3339 "
                        + "date-time.", path + "." + field);
            }
        }
        return value;
    }

    /** A flat metadata object (string, number or boolean values; at most 20 keys) as JSON text, or null. */
    private String flatMetadata(JsonNode parent, String path) {
        JsonNode metadata = object(parent, "metadata", path, false);
        if (metadata == null) {
            return null;
        }
        if (metadata.size() > 20) {
            throw AcpException.invalid("invalid", "'" + path + "' has more than 20 keys.", path);
        }
        metadata.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw JsonReader.wrongType(path + "." + field.getKey(), "a string, number or boolean");
            }
            if (value.isTextual() && value.asText().length() > 500) {
                throw AcpException.invalid("invalid", "'" + path + "." + field.getKey() + "' is longer than 500 "
                        + "characters.", path + "." + field.getKey());
            }
        });
        return metadata.toString();
    }

    /** {@code marketing_consents} on complete: channel and decision, at most 20. */
    private List<ConsentDecision> consents(JsonNode root) {
        JsonNode items = array(root, "marketing_consents", "$.marketing_consents", false);
        if (items == null) {
            return List.of();
        }
        if (items.size() > 20) {
            throw AcpException.invalid("invalid", "'$.marketing_consents' has more than 20 entries.",
                    "$.marketing_consents");
        }
        List<ConsentDecision> decisions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "$.marketing_consents[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw JsonReader.wrongType(path, "an object");
            }
            String channel = string(item, "channel", path + ".channel", true, 50);
            JsonNode opted = item.get("opted_in");
            if (opted == null || opted.isNull()) {
                throw JsonReader.missing(path + ".opted_in");
            }
            if (!opted.isBoolean()) {
                throw JsonReader.wrongType(path + ".opted_in", "a boolean");
            }
            decisions.add(new ConsentDecision(channel, opted.asBoolean()));
        }
        return decisions;
    }

    private List<LineRequest> lineItems(JsonNode root, boolean required) {
        JsonNode items = array(root, "line_items", "$.line_items", required);
        if (items.isEmpty()) {
            throw AcpException.invalid("invalid", "'$.line_items' needs at least one item.", "$.line_items");
        }
        if (items.size() > MAX_LINE_ITEMS) {
            throw AcpException.invalid("invalid", "'$.line_items' has more than " + MAX_LINE_ITEMS + " items.",
                    "$.line_items");
        }
        List<LineRequest> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "$.line_items[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw JsonReader.wrongType(path, "an object");
            }
            String id = JsonReader.identifier(item, "id", path + ".id", 200);
            Integer quantity = integer(item, "quantity", path + ".quantity", false, 1, MAX_QUANTITY);
            lines.add(new LineRequest(id, quantity == null ? 1 : quantity));
        }
        return lines;
    }

    private Buyer buyer(JsonNode root, String path) {
        JsonNode node = object(root, "buyer", path, false);
        if (node == null) {
            return null;
        }
        String email = string(node, "email", path + ".email", true, 320);
        if (!EMAIL.matcher(email).matches()) {
            throw AcpException.invalid("invalid", "'" + path + ".email' is not an email address.", path + ".email");
        }
        String accountType = string(node, "account_type", path + ".account_type", false, 20);
        if (accountType != null && !Set.of("guest", "registered", "business").contains(accountType)) {
            throw AcpException.invalid("invalid", "'" + path + ".account_type' must be guest, registered or business.",
                    path + ".account_type");
        }
        return new Buyer(string(node, "first_name", path + ".first_name", false, 200),
                string(node, "last_name", path + ".last_name", false, 200),
                string(node, "full_name", path + ".full_name", false, 400), email,
                string(node, "phone_number", path + ".phone_number", false, 40),
                string(node, "customer_id", path + ".customer_id", false, 200), accountType);
    }

    private FulfillmentDetails fulfillmentDetails(JsonNode root) {
        JsonNode node = object(root, "fulfillment_details", "$.fulfillment_details", false);
        if (node == null) {
            return null;
        }
        String email = string(node, "email", "$.fulfillment_details.email", false, 320);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw AcpException.invalid("invalid", "'$.fulfillment_details.email' is not an email address.",
                    "$.fulfillment_details.email");
        }
        JsonNode address = object(node, "address", "$.fulfillment_details.address", false);
        return new FulfillmentDetails(string(node, "name", "$.fulfillment_details.name", false, 256),
                string(node, "phone_number", "$.fulfillment_details.phone_number", false, 40), email,
                address == null ? null : address(address, "$.fulfillment_details.address"));
    }

    private Address address(JsonNode node, String path) {
        String country = string(node, "country", path + ".country", true, 2);
        if (!COUNTRY.matcher(country).matches()) {
            throw AcpException.invalid("invalid", "'" + path + ".country' must be an ISO 3166-1 alpha-2 code.",
                    path + ".country");
        }
        return new Address(string(node, "name", path + ".name", true, 256),
                string(node, "line_one", path + ".line_one", true, 256),
                string(node, "line_two", path + ".line_two", false, 256),
                string(node, "city", path + ".city", true, 128),
                string(node, "state", path + ".state", true, 128),
                country.toUpperCase(Locale.ROOT),
                string(node, "postal_code", path + ".postal_code", true, 20),
                string(node, "company", path + ".company", false, 256));
    }

    private String selectedOption(JsonNode root) {
        JsonNode options = array(root, "selected_fulfillment_options", "$.selected_fulfillment_options", false);
        if (options == null || options.isEmpty()) {
            return null;
        }
        JsonNode first = options.get(0);
        if (!first.isObject()) {
            throw JsonReader.wrongType("$.selected_fulfillment_options[0]", "an object");
        }
        string(first, "type", "$.selected_fulfillment_options[0].type", true, 30);
        return string(first, "option_id", "$.selected_fulfillment_options[0].option_id", true, 200);
    }

    private List<String> discountCodes(JsonNode root) {
        JsonNode discounts = object(root, "discounts", "$.discounts", false);
        if (discounts != null && present(discounts, "codes")) {
            List<String> codes = strings(discounts, "codes", "$.discounts.codes", 20, 100);
            return codes == null ? List.of() : codes;
        }
        List<String> coupons = strings(root, "coupons", "$.coupons", 20, 100);
        return coupons == null ? List.of() : coupons;
    }

    private AuthenticationOutcome authentication(JsonNode root) {
        JsonNode node = object(root, "authentication_result", "$.authentication_result", false);
        if (node == null) {
            return null;
        }
        String outcome = string(node, "outcome", "$.authentication_result.outcome", true, 50);
        JsonNode details = object(node, "outcome_details", "$.authentication_result.outcome_details", false);
        if (details == null) {
            return new AuthenticationOutcome(outcome, null, null, null, null);
        }
        String path = "$.authentication_result.outcome_details";
        return new AuthenticationOutcome(outcome,
                string(details, "electronic_commerce_indicator", path + ".electronic_commerce_indicator", false, 2),
                string(details, "three_ds_cryptogram", path + ".three_ds_cryptogram", false, 200),
                string(details, "transaction_id", path + ".transaction_id", false, 200),
                string(details, "version", path + ".version", false, 20));
    }

    private static <T> T fail(String path, String message) {
        throw AcpException.invalid("invalid", message, path);
    }
}
