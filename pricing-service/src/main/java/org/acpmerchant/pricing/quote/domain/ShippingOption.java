package org.acpmerchant.pricing.quote.domain;

/**
 * A shipping service: a flat {@code fee} (minor units) waived when the items subtotal reaches {@code freeThreshold}
 * (none when null), delivered within {@code minDays}..{@code maxDays} business days.
 */
public record ShippingOption(
        String id, String title, String carrier, long fee, int minDays, int maxDays, Long freeThreshold) {

    public ShippingOption {
        if (id == null || id.isBlank() || fee < 0 || minDays < 0 || maxDays < minDays) {
            throw new IllegalArgumentException("invalid shipping option " + id);
        }
    }

    public long feeFor(long itemsSubtotal) {
        return freeThreshold != null && itemsSubtotal >= freeThreshold ? 0 : fee;
    }
}
