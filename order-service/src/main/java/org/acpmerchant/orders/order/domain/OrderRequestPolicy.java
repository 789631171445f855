package org.acpmerchant.orders.order.domain;

import java.util.Optional;
import java.util.regex.Pattern;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;

/** Which order requests order-service accepts: at least one line, positive quantities, a currency and a total. */
public final class OrderRequestPolicy {

    private static final Pattern CURRENCY = Pattern.compile("^[a-z]{3}$");

    private OrderRequestPolicy() {}

    /** Why the request cannot become an order, or empty when it can. */
    public static Optional<String> problem(OrderRequested request) {
        if (request.sessionId() == null || request.sessionId().isBlank()) {
            return Optional.of("missing_checkout_session_id");
        }
        if (request.lines().isEmpty()) {
            return Optional.of("no_line_items");
        }
        for (OrderLine line : request.lines()) {
            if (line.lineItemId() == null || line.lineItemId().isBlank() || line.title() == null) {
                return Optional.of("invalid_line_item");
            }
            if (line.quantity() < 1) {
                return Optional.of("invalid_quantity");
            }
        }
        if (request.lines().stream().map(OrderLine::lineItemId).distinct().count() != request.lines().size()) {
            return Optional.of("duplicate_line_item");
        }
        if (request.currency() == null || !CURRENCY.matcher(request.currency()).matches()) {
            return Optional.of("invalid_currency");
        }
        if (!request.totals().containsKey("total") || request.total() < 0) {
            return Optional.of("invalid_totals");
        }
        return Optional.empty();
    }
}
