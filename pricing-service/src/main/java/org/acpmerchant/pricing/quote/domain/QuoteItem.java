package org.acpmerchant.pricing.quote.domain;

/**
 * A sellable catalog variant as pricing sees it: {@code unitAmount} in integer minor units of {@code currency}
 * (uppercase ISO 4217), the units still available to sell (on hand minus held, never below 0) and the shipping
 * weight of one unit in grams (0 when the catalog has none).
 */
public record QuoteItem(
        String itemId,
        String title,
        String description,
        String imageUrl,
        long unitAmount,
        String currency,
        boolean requiresShipping,
        int availableQuantity,
        long weightGrams) {

    public QuoteItem(String itemId, String title, String description, String imageUrl, long unitAmount,
            String currency, boolean requiresShipping, int availableQuantity) {
        this(itemId, title, description, imageUrl, unitAmount, currency, requiresShipping, availableQuantity, 0);
    }
}
