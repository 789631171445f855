package org.acpmerchant.pricing.quote.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A configured discount. With a {@code code} the buyer must enter it (case-insensitive, stored uppercase); without one
 * it applies automatically. Exactly one of {@code percentOff} (1–100) and {@code amountOff} (minor units of
 * {@code currency}) is set. It applies when the items base amount of the lines it covers reaches
 * {@code minimumSubtotal}, within {@code [startsAt, endsAt)} (either may be null), while fewer than {@code usageLimit}
 * uses were redeemed (null: unlimited; counted for codes only). A discount that is not {@code stackable} combines with
 * no other. Lower {@code priority} applies first. {@code itemIds} restricts it to those variants (empty: all).
 */
public record DiscountRule(
        String id,
        String code,
        String name,
        Integer percentOff,
        Long amountOff,
        String currency,
        long minimumSubtotal,
        Instant startsAt,
        Instant endsAt,
        Long usageLimit,
        boolean stackable,
        int priority,
        Set<String> itemIds) {

    public DiscountRule {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a discount needs an id");
        }
        if ((percentOff == null) == (amountOff == null)) {
            throw new IllegalArgumentException("discount " + id + ": set exactly one of percent-off and amount-off");
        }
        if (percentOff != null && (percentOff < 1 || percentOff > 100)) {
            throw new IllegalArgumentException("discount " + id + ": percent-off must be within 1..100");
        }
        if (amountOff != null && (amountOff < 1 || currency == null || currency.isBlank())) {
            throw new IllegalArgumentException("discount " + id + ": amount-off must be positive, with a currency");
        }
        if (minimumSubtotal < 0 || priority < 1 || (usageLimit != null && usageLimit < 0)) {
            throw new IllegalArgumentException("discount " + id + ": invalid minimum, priority or usage limit");
        }
        code = code == null || code.isBlank() ? null : normalize(code);
        name = name == null || name.isBlank() ? (code == null ? id : code) : name;
        currency = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        itemIds = itemIds == null ? Set.of() : Set.copyOf(itemIds);
    }

    /** How codes are compared: trimmed, uppercase. */
    public static String normalize(String code) {
        return code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    }

    public boolean automatic() {
        return code == null;
    }

    public boolean covers(String itemId) {
        return itemIds.isEmpty() || itemIds.contains(itemId);
    }

    boolean startedAt(Instant at) {
        return startsAt == null || !at.isBefore(startsAt);
    }

    boolean expiredAt(Instant at) {
        return endsAt != null && !at.isBefore(endsAt);
    }

    boolean exhausted(long redeemed) {
        return usageLimit != null && redeemed >= usageLimit;
    }
}
