package org.acpmerchant.pricing.quote.domain;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A shipping service: a flat {@code fee} (minor units), or, when {@code weightRates} are set, the fee of the first
 * rate whose {@code maxGrams} holds the cart's shipping weight (heavier than the last rate: not offered); waived when
 * the items subtotal reaches {@code freeThreshold} (none when null); delivered within {@code minDays}..{@code maxDays}
 * business days; offered only to destinations in one of {@code zoneIds} (empty: everywhere, also before an address is
 * known).
 */
public record ShippingOption(
        String id, String title, String carrier, long fee, int minDays, int maxDays, Long freeThreshold,
        Set<String> zoneIds, List<WeightRate> weightRates) {

    /** Up to {@code maxGrams} (inclusive) the fee is {@code fee}. */
    public record WeightRate(long maxGrams, long fee) {
        public WeightRate {
            if (maxGrams < 0 || fee < 0) {
                throw new IllegalArgumentException("invalid weight rate");
            }
        }
    }

    public ShippingOption {
        if (id == null || id.isBlank() || fee < 0 || minDays < 0 || maxDays < minDays
                || (freeThreshold != null && freeThreshold < 0)) {
            throw new IllegalArgumentException("invalid shipping option " + id);
        }
        zoneIds = zoneIds == null ? Set.of() : Set.copyOf(zoneIds);
        weightRates = weightRates == null ? List.of()
                : weightRates.stream().sorted(Comparator.comparingLong(WeightRate::maxGrams)).toList();
    }

    public ShippingOption(
            String id, String title, String carrier, long fee, int minDays, int maxDays, Long freeThreshold) {
        this(id, title, carrier, fee, minDays, maxDays, freeThreshold, Set.of(), List.of());
    }

    public long feeFor(long itemsSubtotal) {
        return feeFor(itemsSubtotal, 0).orElse(fee);
    }

    /** The fee for a cart, empty when the cart is too heavy for this service. */
    public OptionalLong feeFor(long itemsSubtotal, long weightGrams) {
        long base = fee;
        if (!weightRates.isEmpty()) {
            WeightRate rate = weightRates.stream().filter(r -> weightGrams <= r.maxGrams()).findFirst().orElse(null);
            if (rate == null) {
                return OptionalLong.empty();
            }
            base = rate.fee();
        }
        return OptionalLong.of(freeThreshold != null && itemsSubtotal >= freeThreshold ? 0 : base);
    }
}
