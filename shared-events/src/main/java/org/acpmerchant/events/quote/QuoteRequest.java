package org.acpmerchant.events.quote;

import java.util.List;

/**
 * checkout-api asks pricing-service to price a cart (request/reply over Kafka). {@code address} and
 * {@code selectedFulfillmentOptionId} may be null. {@code lines[i]} answers to the agent's {@code $.line_items[i]}.
 */
public record QuoteRequest(
        String requestId,
        String sessionId,
        String currency,
        List<QuoteLine> lines,
        QuoteAddress address,
        String selectedFulfillmentOptionId,
        List<String> discountCodes) {
    public QuoteRequest {
        lines = List.copyOf(lines);
        discountCodes = discountCodes == null ? List.of() : List.copyOf(discountCodes);
    }

    /** One requested line: the catalog variant id and a quantity (≥ 1). */
    public record QuoteLine(String itemId, int quantity) {}

    /** The part of the destination that pricing needs for tax and shipping zones. */
    public record QuoteAddress(String country, String state, String postalCode) {}
}
