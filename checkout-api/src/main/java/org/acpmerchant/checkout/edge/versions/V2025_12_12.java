package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * ACP 2025-12-12, defined against 2026-01-16. Requests have the same shape. Responses: fulfillment options carry
 * flat {@code subtitle?/subtotal?/tax?/total*} instead of {@code description?/totals[]} (digest §23 row 5),
 * {@code payment_provider} has no {@code merchant_id}, and {@code authentication_provider} does not exist.
 */
public final class V2025_12_12 extends AcpVersion {

    public static final String NAME = "2025-12-12";

    V2025_12_12(AcpVersion next) {
        super(NAME, next);
    }

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        return request;
    }

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        session.remove("authentication_provider");
        if (session.get("payment_provider") instanceof ObjectNode provider) {
            provider.remove("merchant_id");
        }
        mapArray(session, "fulfillment_options", o -> {
            boolean shipping = "shipping".equals(o.path("type").asText());
            ObjectNode old = pick(o, List.of("type", "id", "title"));
            if (o.hasNonNull("description")) {
                old.set("subtitle", o.get("description"));
            }
            if (shipping) {
                old.setAll(pick(o, List.of("carrier", "earliest_delivery_time", "latest_delivery_time")));
            }
            JsonNode totals = o.get("totals");
            if (hasType(totals, "subtotal")) {
                old.put("subtotal", amountOf(totals, "subtotal"));
            }
            if (hasType(totals, "tax")) {
                old.put("tax", amountOf(totals, "tax"));
            }
            old.put("total", hasType(totals, "total") ? amountOf(totals, "total")
                    : amountOf(totals, "subtotal") + amountOf(totals, "tax"));
            return old;
        });
        return session;
    }
}
