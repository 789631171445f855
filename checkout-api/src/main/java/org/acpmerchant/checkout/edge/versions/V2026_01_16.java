package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ACP 2026-01-16, defined against 2026-01-30 (the "major breaking" step, digest §23 rows 3, 5–14).
 *
 * <p>Requests: {@code items} become {@code line_items} (quantity carried); a create without {@code currency} and
 * {@code capabilities} gets the merchant's default currency and {@code capabilities: {}}; nested
 * {@code selected_fulfillment_options} are flattened; {@code payment_data {token, provider}} becomes
 * {@code {handler_id, instrument: {type: card, credential: {type: spt, token}}}} using the handler whose PSP is the
 * provider; this version's {@code authentication_result.outcome} values are mapped to the 2026-01-30 enum.
 *
 * <p>Responses: {@code capabilities} becomes {@code payment_provider} (+ {@code authentication_provider}, which only
 * this version has); line items get flat amounts; fulfillment options keep {@code totals[]}; selected options are
 * nested; statuses, message types/codes, link and total types outside this version's enums are mapped; buyer is
 * omitted unless first name, last name and email are all known; the order keeps only its three base fields.
 */
public final class V2026_01_16 extends AcpVersion {

    public static final String NAME = "2026-01-16";

    static final Set<String> OLD_ERROR_CODES = Set.of("missing", "invalid", "out_of_stock", "payment_declined",
            "requires_sign_in", "requires_3ds");
    static final Set<String> OLD_TOTAL_TYPES = Set.of("items_base_amount", "items_discount", "subtotal", "discount",
            "fulfillment", "tax", "fee", "total");
    static final Map<String, String> FOLDED_TOTAL_TYPES = Map.of("gift_wrap", "fee", "tip", "fee",
            "store_credit", "discount");
    static final Map<String, String> OLD_STATUS = Map.of("incomplete", "not_ready_for_payment",
            "requires_escalation", "not_ready_for_payment", "pending_approval", "in_progress",
            "complete_in_progress", "in_progress", "expired", "canceled");
    static final Set<String> CARD_NETWORKS = Set.of("amex", "discover", "mastercard", "visa");
    /** 2026-01-16's own AuthenticationResult.outcome enum → the 2026-01-30 (and canonical) values. */
    static final Map<String, String> OUTCOMES = Map.of("failed", "denied", "unavailable", "not_supported",
            "attempt", "attempt_acknowledged");

    private static final Set<String> SESSION_FIELDS = Set.of("id", "buyer", "payment_provider",
            "authentication_provider", "status", "currency", "line_items", "fulfillment_details",
            "fulfillment_options", "selected_fulfillment_options", "totals", "messages", "links",
            "authentication_metadata", "order");
    private static final List<String> LINE_ITEM_EXTRAS = List.of("name", "description", "images", "unit_amount",
            "disclosures", "custom_attributes", "marketplace_seller_details");
    private static final Pattern SELECTED = Pattern.compile("^\\$\\.selected_fulfillment_options\\[(\\d+)\\]\\.(option_id|item_ids)(.*)$");

    private final MerchantProfile merchant;

    V2026_01_16(AcpVersion next, MerchantProfile merchant) {
        super(NAME, next);
        this.merchant = merchant;
    }

    // ---------------------------------------------------------------------------------------------------- requests

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        if (op == Operation.CREATE || op == Operation.UPDATE) {
            rename(request, "items", "line_items");
        }
        if (op == Operation.CREATE) {
            if (!request.has("currency")) {
                request.put("currency", merchant.defaultCurrency());
            }
            if (!request.has("capabilities")) {
                request.putObject("capabilities");
            }
        }
        if (op == Operation.UPDATE) {
            mapArray(request, "selected_fulfillment_options", V2026_01_16::flatSelection);
        }
        if (op == Operation.COMPLETE) {
            if (request.get("payment_data") instanceof ObjectNode paymentData && !paymentData.has("handler_id")
                    && !paymentData.has("instrument")) {
                request.set("payment_data", handlerPaymentData(paymentData));
            }
            if (request.get("authentication_result") instanceof ObjectNode result
                    && result.get("outcome") != null && OUTCOMES.containsKey(result.get("outcome").asText())) {
                result.put("outcome", OUTCOMES.get(result.get("outcome").asText()));
            }
        }
        return request;
    }

    private static ObjectNode flatSelection(ObjectNode nested) {
        String type = nested.path("type").asText();
        JsonNode inner = nested.get(type);
        if (inner == null || !inner.isObject()) {
            inner = nested.has("shipping") ? nested.get("shipping") : nested.get("digital");
        }
        ObjectNode flat = NODES.objectNode();
        if (nested.has("type")) {
            flat.set("type", nested.get("type"));
        }
        if (inner != null && inner.isObject()) {
            if (inner.has("option_id")) {
                flat.set("option_id", inner.get("option_id"));
            }
            if (inner.has("item_ids")) {
                flat.set("item_ids", inner.get("item_ids"));
            }
        } else {
            // Already flat (lenient), or malformed: the canonical parser reports what is missing.
            nested.fields().forEachRemaining(f -> flat.set(f.getKey(), f.getValue()));
        }
        return flat;
    }

    /** {@code {token, provider, billing_address?}} → the handler form, picking the handler whose PSP is the provider. */
    private ObjectNode handlerPaymentData(ObjectNode legacy) {
        ObjectNode out = NODES.objectNode();
        JsonNode provider = legacy.get("provider");
        if (provider != null && provider.isTextual()) {
            out.put("handler_id", merchant.handlers().stream()
                    .filter(h -> h.psp().equals(provider.asText()))
                    .map(MerchantProfile.Handler::id)
                    .findFirst()
                    // An unknown provider stays visible: the session refuses it as a handler it does not offer.
                    .orElse(provider.asText()));
        } else if (provider != null) {
            out.set("handler_id", provider);
        }
        ObjectNode instrument = out.putObject("instrument");
        instrument.put("type", "card");
        ObjectNode credential = instrument.putObject("credential");
        credential.put("type", "spt");
        if (legacy.has("token")) {
            credential.set("token", legacy.get("token"));
        }
        if (legacy.has("billing_address")) {
            out.set("billing_address", legacy.get("billing_address"));
        }
        return out;
    }

    @Override
    protected String requestParam(String param, JsonNode originalRequest) {
        if (param.equals("$.line_items") || param.startsWith("$.line_items[") || param.startsWith("$.line_items.")) {
            return "$.items" + param.substring("$.line_items".length());
        }
        if (param.equals("$.payment_data.handler_id")) {
            return "$.payment_data.provider";
        }
        if (param.equals("$.payment_data.instrument.credential.token")) {
            return "$.payment_data.token";
        }
        if (param.startsWith("$.payment_data.instrument")) {
            return "$.payment_data";
        }
        if ((param.startsWith("$.currency") || param.startsWith("$.capabilities"))
                && (originalRequest == null || !originalRequest.has(param.substring(2).split("[.\\[]")[0]))) {
            return "$";
        }
        Matcher m = SELECTED.matcher(param);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            JsonNode sent = originalRequest == null ? null
                    : originalRequest.path("selected_fulfillment_options").path(index).get("type");
            String type = sent != null && ("digital".equals(sent.asText())) ? "digital" : "shipping";
            return "$.selected_fulfillment_options[" + index + "]." + type + "." + m.group(2) + m.group(3);
        }
        return param;
    }

    // --------------------------------------------------------------------------------------------------- responses

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        JsonNode handler = cardHandler(session.path("capabilities"));
        if (handler != null) {
            session.set("payment_provider", paymentProvider(handler));
            if (handler.path("config").path("supports_3ds").asBoolean(false)) {
                ObjectNode auth = NODES.objectNode();
                auth.put("provider", "stripe");
                auth.put("merchant_id", merchantId(handler));
                auth.putArray("supported_authentication_methods").add("3ds");
                session.set("authentication_provider", auth);
            }
        }
        retain(session, SESSION_FIELDS);
        if (session.get("status") != null && OLD_STATUS.containsKey(session.get("status").asText())) {
            session.put("status", OLD_STATUS.get(session.get("status").asText()));
        }
        if (session.get("buyer") instanceof ObjectNode buyer) {
            if (buyer.hasNonNull("first_name") && buyer.hasNonNull("last_name") && buyer.hasNonNull("email")) {
                session.set("buyer", pick(buyer, List.of("first_name", "last_name", "email", "phone_number")));
            } else {
                session.remove("buyer");
            }
        }
        mapArray(session, "line_items", V2026_01_16::flatLineItem);
        Set<String> kept = new java.util.HashSet<>();
        mapArray(session, "fulfillment_options", o -> {
            String type = o.path("type").asText();
            if (!"shipping".equals(type) && !"digital".equals(type)) {
                return null; // pickup / local_delivery do not exist before 2026-01-30
            }
            kept.add(o.path("id").asText());
            ObjectNode old = pick(o, "shipping".equals(type)
                    ? List.of("type", "id", "title", "description", "carrier", "earliest_delivery_time",
                            "latest_delivery_time", "totals")
                    : List.of("type", "id", "title", "description", "totals"));
            if (!old.has("totals")) {
                old.putArray("totals");
            }
            mapTotals(old, "totals");
            return old;
        });
        mapArray(session, "selected_fulfillment_options", s -> {
            String type = s.path("type").asText();
            if (!kept.contains(s.path("option_id").asText()) || !("shipping".equals(type) || "digital".equals(type))) {
                return null;
            }
            ObjectNode nested = NODES.objectNode();
            nested.put("type", type);
            ObjectNode inner = nested.putObject(type);
            inner.set("option_id", s.get("option_id"));
            inner.set("item_ids", s.has("item_ids") ? s.get("item_ids") : NODES.arrayNode());
            return nested;
        });
        if (array(session, "selected_fulfillment_options").isEmpty()) {
            session.remove("selected_fulfillment_options");
        }
        mapTotals(session, "totals");
        mapArray(session, "messages", V2026_01_16::oldMessage);
        mapArray(session, "links", l -> {
            String type = l.path("type").asText();
            return Set.of("terms_of_use", "privacy_policy", "return_policy").contains(type)
                    ? pick(l, List.of("type", "url"))
                    : null;
        });
        if (session.get("authentication_metadata") instanceof ObjectNode metadata) {
            session.set("authentication_metadata", pick(metadata,
                    List.of("channel", "acquirer_details", "directory_server", "flow_preference")));
        }
        if (session.get("order") instanceof ObjectNode order) {
            session.set("order", pick(order, List.of("id", "checkout_session_id", "permalink_url")));
        }
        return session;
    }

    /** The handler {@code payment_provider} stands for: Stripe's tokenized card (the only provider these versions know). */
    private static JsonNode cardHandler(JsonNode capabilities) {
        JsonNode fallback = null;
        for (JsonNode h : array(capabilities.path("payment"), "handlers")) {
            if ("stripe".equals(h.path("psp").asText())) {
                if (h.path("name").asText().endsWith(".card")) {
                    return h;
                }
                fallback = fallback == null ? h : fallback;
            }
        }
        return fallback;
    }

    /** 2026-01-16's {@code payment_provider}; 2025-12-12 drops {@code merchant_id}, 2025-09-29 the networks. */
    private static ObjectNode paymentProvider(JsonNode handler) {
        ObjectNode provider = NODES.objectNode();
        provider.put("provider", "stripe");
        provider.put("merchant_id", merchantId(handler));
        ObjectNode card = provider.putArray("supported_payment_methods").addObject();
        card.put("type", "card");
        ArrayNode networks = card.putArray("supported_card_networks");
        JsonNode brands = handler.path("config").get("accepted_brands");
        if (brands == null || !brands.isArray()) {
            CARD_NETWORKS.stream().sorted().forEach(networks::add);
        } else {
            for (JsonNode brand : brands) {
                if (CARD_NETWORKS.contains(brand.asText())) {
                    networks.add(brand.asText());
                }
            }
        }
        return provider;
    }

    private static String merchantId(JsonNode handler) {
        JsonNode id = handler.path("config").get("merchant_id");
        return id != null && id.isTextual() ? id.asText() : handler.path("id").asText();
    }

    private static ObjectNode flatLineItem(ObjectNode line) {
        ObjectNode old = NODES.objectNode();
        old.set("id", line.get("id"));
        ObjectNode item = old.putObject("item");
        item.set("id", line.path("item").get("id"));
        item.put("quantity", line.path("quantity").asInt(1));
        JsonNode totals = line.get("totals");
        long base = amountOf(totals, "items_base_amount", "base_amount");
        long discount = amountOf(totals, "items_discount", "discount");
        long subtotal = hasType(totals, "subtotal") ? amountOf(totals, "subtotal") : base - discount;
        long tax = amountOf(totals, "tax");
        old.put("base_amount", base);
        old.put("discount", discount);
        old.put("subtotal", subtotal);
        old.put("tax", tax);
        old.put("total", hasType(totals, "total") ? amountOf(totals, "total") : subtotal + tax);
        old.setAll(pick(line, LINE_ITEM_EXTRAS));
        return old;
    }

    /** Total types this version lacks folded into {@code fee}/{@code discount}; new Total fields dropped. */
    static void mapTotals(ObjectNode node, String field) {
        mapArray(node, field, t -> {
            String type = t.path("type").asText();
            String mapped = OLD_TOTAL_TYPES.contains(type) ? type : FOLDED_TOTAL_TYPES.get(type);
            if (mapped == null) {
                return null;
            }
            ObjectNode old = pick(t, List.of("type", "display_text", "amount", "description"));
            old.put("type", mapped);
            return old;
        });
    }

    private static ObjectNode oldMessage(ObjectNode m) {
        String type = m.path("type").asText();
        if ("error".equals(type)) {
            ObjectNode old = pick(m, List.of("type", "code", "param", "content_type", "content"));
            if (!OLD_ERROR_CODES.contains(m.path("code").asText())) {
                old.put("code", "invalid");
            }
            return old;
        }
        // info, and warning (which does not exist before 2026-01-30), become info without code or severity.
        ObjectNode old = pick(m, List.of("type", "param", "content_type", "content"));
        old.put("type", "info");
        return old;
    }
}
