package org.acpmerchant.events.quote;

import java.math.BigDecimal;
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

    /**
     * A fulfillment option; {@code type} is {@code shipping}, {@code digital}, {@code pickup} or
     * {@code local_delivery}. Times may be null. For {@code local_delivery} the earliest/latest delivery times are the
     * delivery window. {@code pickup} is set only for pickup options, {@code serviceArea} only for local delivery.
     */
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
            long total,
            PickupDetails pickup,
            ServiceArea serviceArea) {
        /** A shipping or digital option (no pickup location, no service area). */
        public FulfillmentOptionQuote(String id, String type, String title, String description, String carrier,
                Instant earliestDelivery, Instant latestDelivery, long subtotal, long tax, long total) {
            this(id, type, title, description, carrier, earliestDelivery, latestDelivery, subtotal, tax, total, null,
                    null);
        }

        /** True when the buyer must give a delivery address for this option. */
        public boolean needsAddress() {
            return "shipping".equals(type) || "local_delivery".equals(type);
        }
    }

    /**
     * Where and when a pickup option is collected. {@code pickupType} is {@code in_store}, {@code curbside} or
     * {@code locker}; {@code readyBy}/{@code pickupBy} may be null.
     */
    public record PickupDetails(
            String locationId,
            String name,
            PickupAddress address,
            String phone,
            String instructions,
            String pickupType,
            Instant readyBy,
            Instant pickupBy) {}

    /** A store's address as ACP's Address: country ISO 3166-1 alpha-2. */
    public record PickupAddress(
            String name, String lineOne, String lineTwo, String city, String state, String country,
            String postalCode) {}

    /** The area a local delivery option serves; either part may be null. */
    public record ServiceArea(Integer radiusMiles, String centerPostalCode) {}

    /**
     * A cart-level total: ACP total type, display text, amount. {@code breakdown} splits a {@code tax} total by
     * jurisdiction (empty elsewhere); its amounts sum exactly to {@code amount}.
     */
    public record QuoteTotal(String type, String displayText, long amount, List<TaxBreakdown> breakdown) {
        public QuoteTotal {
            breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
        }

        public QuoteTotal(String type, String displayText, long amount) {
            this(type, displayText, amount, List.of());
        }
    }

    /** One jurisdiction's share of the tax: {@code rate} is a fraction (0.0725 for 7.25 %), never used for money. */
    public record TaxBreakdown(String jurisdiction, BigDecimal rate, long amount) {}

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

    /** The rejection code of a quote that failed for the infrastructure's reason, not the request's. */
    public static final String UNAVAILABLE = "pricing_unavailable";
}
