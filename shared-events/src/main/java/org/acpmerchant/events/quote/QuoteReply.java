package org.acpmerchant.events.quote;

import java.time.Instant;
import java.util.List;

/**
 * pricing-service's authoritative price for a cart, every amount in integer minor units of {@code currency}. When the
 * request itself is unusable (an unknown item id, a currency the merchant does not sell in) {@code rejection} is set
 * and nothing else is meaningful.
 */
public record QuoteReply(
        String requestId,
        String sessionId,
        String currency,
        List<PricedLine> lines,
        List<FulfillmentOptionQuote> fulfillmentOptions,
        String selectedFulfillmentOptionId,
        List<QuoteTotal> totals,
        List<QuoteMessage> messages,
        Rejection rejection,
        Instant quotedAt,
        List<AppliedDiscount> discounts,
        List<RejectedDiscount> rejectedDiscounts) {
    public QuoteReply {
        lines = lines == null ? List.of() : List.copyOf(lines);
        fulfillmentOptions = fulfillmentOptions == null ? List.of() : List.copyOf(fulfillmentOptions);
        totals = totals == null ? List.of() : List.copyOf(totals);
        messages = messages == null ? List.of() : List.copyOf(messages);
        discounts = discounts == null ? List.of() : List.copyOf(discounts);
        rejectedDiscounts = rejectedDiscounts == null ? List.of() : List.copyOf(rejectedDiscounts);
    }

    /** A quote without discounts (the shape before discounts existed). */
    public QuoteReply(String requestId, String sessionId, String currency, List<PricedLine> lines,
            List<FulfillmentOptionQuote> fulfillmentOptions, String selectedFulfillmentOptionId,
            List<QuoteTotal> totals, List<QuoteMessage> messages, Rejection rejection, Instant quotedAt) {
        this(requestId, sessionId, currency, lines, fulfillmentOptions, selectedFulfillmentOptionId, totals, messages,
                rejection, quotedAt, List.of(), List.of());
    }

    public static QuoteReply rejected(String requestId, String sessionId, Rejection rejection, Instant at) {
        return new QuoteReply(requestId, sessionId, null, null, null, null, null, null, rejection, at);
    }

    /** One priced line. {@code availability} is {@code in_stock}, {@code low_stock} or {@code out_of_stock}. */
    public record PricedLine(
            String lineId,
            String itemId,
            int quantity,
            String name,
            String description,
            String imageUrl,
            long unitAmount,
            long baseAmount,
            long discount,
            long subtotal,
            long tax,
            long total,
            String availability,
            int availableQuantity,
            boolean requiresShipping) {}

    /** A fulfillment option; {@code type} is {@code shipping} or {@code digital}. Times may be null. */
    public record FulfillmentOptionQuote(
            String id,
            String type,
            String title,
            String description,
            String carrier,
            Instant earliestDelivery,
            Instant latestDelivery,
            long subtotal,
            long tax,
            long total) {}

    /** A cart-level total: ACP total type, display text, amount. */
    public record QuoteTotal(String type, String displayText, long amount) {}

    /**
     * A message for the session: {@code type} is {@code error}, {@code warning} or {@code info}; {@code code} an ACP
     * message code; {@code param} a JSONPath into the session.
     */
    public record QuoteMessage(String type, String code, String param, String content) {}

    /**
     * A discount applied to the cart (ACP discount extension): {@code code} is null for automatic discounts;
     * exactly one of {@code percentOff} (0–100) and {@code amountOff} (minor units) is set; {@code amount} is what it
     * takes off, and {@code allocations} (line index → minor units) sum exactly to it. {@code method} is
     * {@code each} or {@code across}; lower {@code priority} applies first.
     */
    public record AppliedDiscount(
            String id,
            String code,
            boolean automatic,
            String name,
            Integer percentOff,
            Long amountOff,
            long amount,
            String method,
            int priority,
            List<Allocation> allocations) {
        public AppliedDiscount {
            allocations = allocations == null ? List.of() : List.copyOf(allocations);
        }
    }

    /** The part of a discount allocated to {@code lines[lineIndex]}. */
    public record Allocation(int lineIndex, long amount) {}

    /** A code that was not applied; {@code reason} is an ACP discount error code ({@code discount_code_invalid}, …). */
    public record RejectedDiscount(String code, String reason, String message) {}

    /** Why the request cannot be priced at all; {@code param} is a JSONPath into the agent's request. */
    public record Rejection(String code, String param, String message) {}
}
