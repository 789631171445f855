package org.acpmerchant.pricing.catalog.domain;

/**
 * One sellable variant from the product feed. {@code id} is the ACP item id; {@code priceAmount} integer minor units
 * of {@code currency} (uppercase ISO 4217); {@code digital} when a category value is {@code digital} (no shipping);
 * {@code available} false when the feed marks it unavailable (then it is stocked at 0 whatever the inventory says);
 * {@code weightGrams} the shipping weight of one unit in grams, null when the feed gives none (ACP Variant has no
 * weight: the CSV column or the JSONL merchant extension field {@code weight_grams}).
 */
public record CatalogVariant(
        String id,
        String productId,
        String title,
        String description,
        String imageUrl,
        long priceAmount,
        String currency,
        boolean digital,
        String status,
        boolean available,
        Long weightGrams) {

    public CatalogVariant(String id, String productId, String title, String description, String imageUrl,
            long priceAmount, String currency, boolean digital, String status, boolean available) {
        this(id, productId, title, description, imageUrl, priceAmount, currency, digital, status, available, null);
    }
}
