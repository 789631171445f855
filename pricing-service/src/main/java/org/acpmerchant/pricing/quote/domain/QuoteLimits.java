package org.acpmerchant.pricing.quote.domain;

/** At most {@code maxQuantityPerLine} units per line; {@code lowStockThreshold} or fewer available is low stock. */
public record QuoteLimits(int maxQuantityPerLine, int lowStockThreshold) {
    public QuoteLimits {
        if (maxQuantityPerLine < 1 || lowStockThreshold < 0) {
            throw new IllegalArgumentException("invalid quote limits");
        }
    }
}
