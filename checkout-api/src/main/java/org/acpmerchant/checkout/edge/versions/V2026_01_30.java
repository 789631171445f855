package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ACP 2026-01-30, defined against 2026-04-17. Requests have the same shape (fields 2026-04-17 added, such as
 * {@code order_notes}, are simply accepted). Responses lose what 2026-04-17 added — {@code marketing_consent_options},
 * message {@code resolution}, handler {@code display_name}/{@code display_order}, {@code Address.company}, the
 * {@code amount_refunded} total, the rich order fields — and {@code authentication_metadata} gets back its required
 * {@code channel} (digest §23 rows 16, 17, 20). Errors lose {@code supported_versions}.
 */
public final class V2026_01_30 extends AcpVersion {

    public static final String NAME = "2026-01-30";

    private static final Set<String> SESSION_FIELDS = Set.of("id", "protocol", "capabilities", "buyer", "status",
            "currency", "presentment_currency", "exchange_rate", "exchange_rate_timestamp", "locale", "timezone",
            "line_items", "fulfillment_details", "fulfillment_options", "selected_fulfillment_options",
            "fulfillment_groups", "totals", "messages", "links", "authentication_metadata", "created_at", "updated_at",
            "expires_at", "continue_url", "metadata", "quote_id", "quote_expires_at", "discounts", "order");
    private static final List<String> ORDER_FIELDS = List.of("id", "checkout_session_id", "order_number",
            "permalink_url", "status", "estimated_delivery", "confirmation", "support");
    /** 2026-04-17's open order status → 2026-01-30's closed enum (confirmed|processing|shipped|delivered). */
    private static final Map<String, String> ORDER_STATUS = Map.of("created", "confirmed", "confirmed", "confirmed",
            "manual_review", "confirmed", "processing", "processing", "shipped", "shipped", "partially_shipped",
            "shipped", "delivered", "delivered", "fulfilled", "delivered", "completed", "delivered");

    V2026_01_30(AcpVersion next) {
        super(NAME, next);
    }

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        return request;
    }

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        retain(session, SESSION_FIELDS);
        if (session.get("protocol") instanceof ObjectNode protocol) {
            protocol.put("version", NAME);
        }
        if (session.path("capabilities").path("payment").get("handlers") != null) {
            mapArray((ObjectNode) session.get("capabilities").get("payment"), "handlers", h -> {
                h.remove("display_name");
                h.remove("display_order");
                return h;
            });
        }
        mapArray(session, "messages", m -> {
            m.remove("resolution");
            return m;
        });
        dropRefundTotals(session);
        mapArray(session, "line_items", l -> {
            dropRefundTotals(l);
            return l;
        });
        mapArray(session, "fulfillment_options", o -> {
            dropRefundTotals(o);
            if (o.get("location") instanceof ObjectNode location && location.get("address") instanceof ObjectNode a) {
                a.remove("company");
            }
            return o;
        });
        if (session.path("fulfillment_details").get("address") instanceof ObjectNode address) {
            address.remove("company");
        }
        mapArray(session, "fulfillment_groups", g -> {
            if (g.path("fulfillment_details").get("address") instanceof ObjectNode address) {
                address.remove("company");
            }
            return g;
        });
        if (session.get("authentication_metadata") instanceof ObjectNode metadata && !metadata.has("channel")) {
            ObjectNode withChannel = NODES.objectNode();
            withChannel.set("channel", channel(hints));
            withChannel.setAll(metadata);
            session.set("authentication_metadata", withChannel);
        }
        if (session.get("order") instanceof ObjectNode order) {
            ObjectNode old = pick(order, ORDER_FIELDS);
            String status = ORDER_STATUS.get(old.path("status").asText());
            if (status == null) {
                old.remove("status");
            } else {
                old.put("status", status);
            }
            if (old.get("confirmation") instanceof ObjectNode confirmation) {
                confirmation.remove("order_notes");
            }
            session.set("order", old);
        }
        return session;
    }

    @Override
    protected void errorStep(ObjectNode error) {
        error.remove("supported_versions");
    }

    /**
     * The browser channel 2025-12-12 … 2026-01-30 require on {@code authentication_metadata}. The merchant never sees
     * the buyer's browser, so this describes the calling client as the request showed it; {@code javascript_enabled}
     * is false, which keeps the screen fields optional.
     */
    static ObjectNode channel(ClientHints hints) {
        ObjectNode channel = NODES.objectNode();
        channel.put("type", "browser");
        ObjectNode browser = channel.putObject("browser");
        browser.put("accept_header", orElse(hints.acceptHeader(), "application/json"));
        browser.put("ip_address", truncate(orElse(hints.ipAddress(), "127.0.0.1"), 45));
        browser.put("javascript_enabled", false);
        browser.put("language", language(hints.acceptLanguage()));
        browser.put("user_agent", orElse(hints.userAgent(), "unknown"));
        return channel;
    }

    private static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return "en-US";
        }
        String first = acceptLanguage.split(",")[0].split(";")[0].trim();
        return first.isEmpty() || "*".equals(first) ? "en-US" : truncate(first, 35);
    }

    private static void dropRefundTotals(ObjectNode node) {
        JsonNode totals = node.get("totals");
        if (totals != null && totals.isArray()) {
            for (int i = totals.size() - 1; i >= 0; i--) {
                if ("amount_refunded".equals(totals.get(i).path("type").asText().toLowerCase(Locale.ROOT))) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) totals).remove(i);
                }
            }
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
