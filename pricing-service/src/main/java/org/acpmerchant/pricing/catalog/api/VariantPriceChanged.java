package org.acpmerchant.pricing.catalog.api;

import java.time.Instant;

/** Pricing-internal event (not published): a variant's price was changed through the merchant API. */
public record VariantPriceChanged(
        String variantId, long previousAmount, long amount, String currency, String changedBy, Instant changedAt) {}
