package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * ACP 2025-09-29, defined against 2025-12-12 (digest §23 rows 1, 2, 4, 21, 22).
 *
 * <p>Requests: {@code fulfillment_address} becomes {@code fulfillment_details {name, address}};
 * {@code fulfillment_option_id} becomes one selected option; cancel takes no body (whatever is sent is ignored).
 * Decimal {@code items[].quantity} (allowed by this version's schema) reaches the canonical parser unchanged and is
 * refused there: this merchant sells whole units.
 *
 * <p>Responses: {@code fulfillment_details.address} → {@code fulfillment_address}, the first selected option →
 * {@code fulfillment_option_id}; fulfillment options always carry {@code subtotal} and {@code tax}; line items and
 * totals lose the 2025-12-12 display fields; {@code payment_provider.supported_payment_methods} is {@code ["card"]};
 * {@code return_policy} links are {@code seller_shop_policies}. There is no 3DS in this version: a session waiting
 * for authentication reads {@code in_progress} with a {@code requires_3ds} error message, and
 * {@code authentication_metadata} is not sent.
 */
public final class V2025_09_29 extends AcpVersion {

    public static final String NAME = "2025-09-29";

    private static final Set<String> SESSION_FIELDS = Set.of("id", "buyer", "payment_provider", "status", "currency",
            "line_items", "fulfillment_address", "fulfillment_options", "fulfillment_option_id", "totals", "messages",
            "links", "order");

    V2025_09_29(AcpVersion next) {
        super(NAME, next);
    }

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        if (op == Operation.CANCEL) {
            return NODES.objectNode();
        }
        if (request.has("fulfillment_address")) {
            JsonNode address = request.remove("fulfillment_address");
            if (address.isNull()) {
                request.set("fulfillment_details", address);
            } else {
                ObjectNode details = request.putObject("fulfillment_details");
                if (address.isObject() && address.get("name") != null && address.get("name").isTextual()) {
                    details.set("name", address.get("name"));
                }
                details.set("address", address);
            }
        }
        if (op == Operation.UPDATE && request.has("fulfillment_option_id")) {
            JsonNode optionId = request.remove("fulfillment_option_id");
            if (optionId.isNull()) {
                request.set("selected_fulfillment_options", optionId);
            } else {
                // The option's type is not in the request; canonical parsing only uses option_id (validated against
                // the session's options), so the type is written as shipping.
                ObjectNode selected = request.putArray("selected_fulfillment_options").addObject();
                selected.put("type", "shipping");
                ObjectNode shipping = selected.putObject("shipping");
                shipping.set("option_id", optionId);
                ArrayNode itemIds = shipping.putArray("item_ids");
                for (JsonNode item : array(request, "items")) {
                    if (item.path("id").isTextual()) {
                        itemIds.add(item.get("id").asText());
                    }
                }
            }
        }
        return request;
    }

    @Override
    protected boolean ignoresBody(Operation op) {
        return op == Operation.CANCEL;
    }

    @Override
    protected String requestParam(String param, JsonNode originalRequest) {
        return legacyPath(param);
    }

    @Override
    protected String sessionParam(String param) {
        return legacyPath(param);
    }

    private static String legacyPath(String param) {
        if (param.startsWith("$.fulfillment_details.address")) {
            return "$.fulfillment_address" + param.substring("$.fulfillment_details.address".length());
        }
        if (param.equals("$.fulfillment_details.name")) {
            return "$.fulfillment_address.name";
        }
        if (param.startsWith("$.fulfillment_details")) {
            return "$.fulfillment_address";
        }
        if (param.startsWith("$.selected_fulfillment_options")) {
            return "$.fulfillment_option_id";
        }
        return param;
    }

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        if (session.path("fulfillment_details").get("address") instanceof ObjectNode address) {
            session.set("fulfillment_address", address);
        }
        JsonNode firstSelected = array(session, "selected_fulfillment_options").path(0);
        for (String type : List.of("shipping", "digital")) {
            if (firstSelected.path(type).path("option_id").isTextual()) {
                session.put("fulfillment_option_id", firstSelected.path(type).path("option_id").asText());
            }
        }
        if ("authentication_required".equals(session.path("status").asText())) {
            session.put("status", "in_progress");
            ObjectNode message = NODES.objectNode();
            message.put("type", "error");
            message.put("code", "requires_3ds");
            message.put("content_type", "plain");
            message.put("content", "The card issuer requires 3-D Secure authentication, which API version "
                    + NAME + " cannot perform. The payment will not go through; cancel this checkout or use a "
                    + "newer API version.");
            if (session.get("messages") instanceof ArrayNode messages) {
                messages.add(message);
            } else {
                session.putArray("messages").add(message);
            }
        }
        mapMessageParams(session);
        retain(session, SESSION_FIELDS);
        if (session.get("payment_provider") instanceof ObjectNode provider) {
            ArrayNode methods = provider.putArray("supported_payment_methods");
            methods.add("card");
        }
        mapArray(session, "line_items", l -> pick(l, List.of("id", "item", "base_amount", "discount", "subtotal",
                "tax", "total")));
        mapArray(session, "fulfillment_options", o -> {
            if (!o.has("subtotal")) {
                o.put("subtotal", 0);
            }
            if (!o.has("tax")) {
                o.put("tax", 0);
            }
            return o;
        });
        mapArray(session, "totals", t -> pick(t, List.of("type", "display_text", "amount")));
        mapArray(session, "links", l -> {
            if ("return_policy".equals(l.path("type").asText())) {
                l.put("type", "seller_shop_policies");
            }
            return l;
        });
        return session;
    }
}
