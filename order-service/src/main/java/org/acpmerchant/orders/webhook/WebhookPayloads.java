package org.acpmerchant.orders.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.acpmerchant.platform.axon.AxonJson;

/** The webhook body an endpoint receives for its ACP API version: {@code {"type": ..., "data": <order>}}. */
public final class WebhookPayloads {

    /** The first version whose webhook {@code data} is the full Order. */
    public static final String RICH_ORDER_VERSION = "2026-04-17";

    private static final Map<String, String> LEGACY_STATUS = Map.of(
            "created", "created",
            "manual_review", "manual_review",
            "confirmed", "confirmed",
            "processing", "confirmed",
            "shipped", "shipped",
            "completed", "fulfilled",
            "canceled", "canceled");

    /** Adjustments that return money; all but {@code credit} go to the original payment. */
    private static final java.util.Set<String> MONEY_BACK = java.util.Set.of("refund", "credit", "return", "cancellation");

    private static final ObjectMapper JSON = AxonJson.newObjectMapper();

    private WebhookPayloads() {}

    public static String body(String eventType, JsonNode order, String apiVersion) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", eventType);
        body.set("data", apiVersion.compareTo(RICH_ORDER_VERSION) >= 0 ? order : legacy(order));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ≤ 2026-01-30: {@code EventDataOrder} without id, with the old status enum and {@code refunds}: every completed
     * refund, return and cancellation as {@code original_payment}, credits as {@code store_credit}.
     */
    static ObjectNode legacy(JsonNode order) {
        ObjectNode data = JSON.createObjectNode();
        data.put("type", "order");
        data.put("checkout_session_id", order.path("checkout_session_id").asText());
        data.put("permalink_url", order.path("permalink_url").asText());
        data.put("status", LEGACY_STATUS.getOrDefault(order.path("status").asText(), "confirmed"));
        var refunds = data.putArray("refunds");
        for (JsonNode adjustment : order.path("adjustments")) {
            String type = adjustment.path("type").asText();
            if (MONEY_BACK.contains(type) && adjustment.has("amount") && adjustment.path("amount").asLong() > 0
                    && "completed".equals(adjustment.path("status").asText())) {
                refunds.addObject()
                        .put("type", type.equals("credit") ? "store_credit" : "original_payment")
                        .put("amount", adjustment.path("amount").asLong());
            }
        }
        return data;
    }
}
