package org.acpmerchant.pricing.catalog.api;

import java.time.Instant;

/** Pricing-internal event (not published): units on hand of a variant went from {@code previous} to {@code onHand}. */
public record StockLevelAdjusted(
        String variantId, int previous, int onHand, String changedBy, Instant changedAt) {}
