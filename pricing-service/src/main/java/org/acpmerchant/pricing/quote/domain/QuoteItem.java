package org.acpmerchant.pricing.quote.domain;

/**
 * A sellable catalog variant as pricing sees it: {@code unitAmount} in integer minor units of {@code currency}
 * (uppercase ISO 4217), and the units still available to sell (on hand minus held, never below 0).
 */
public record QuoteItem(
        String itemId,
        String title,
        String description,
        String imageUrl,
        long unitAmount,
        String currency,
        boolean requiresShipping,
        int availableQuantity) {}
