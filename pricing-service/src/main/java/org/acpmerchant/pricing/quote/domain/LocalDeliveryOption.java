package org.acpmerchant.pricing.quote.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * Local delivery by the merchant's own courier to the postal codes it serves: {@code postalCodes} entries are exact
 * codes, or prefixes when they end in {@code *} (compared without spaces or dashes, case-insensitive), in
 * {@code country} (any when null). {@code fee} waived from {@code freeThreshold}; delivered in the window from
 * {@code quotedAt + leadTime} to that plus {@code window}. {@code radiusMiles}/{@code centerPostalCode} describe the
 * area to the agent (ACP {@code service_area}); the postal codes decide.
 */
public record LocalDeliveryOption(
        String id, String title, String carrier, long fee, Long freeThreshold, String country,
        List<String> postalCodes, Integer radiusMiles, String centerPostalCode, Duration leadTime, Duration window) {

    public LocalDeliveryOption {
        if (id == null || id.isBlank() || fee < 0 || (freeThreshold != null && freeThreshold < 0)
                || postalCodes == null || postalCodes.isEmpty()) {
            throw new IllegalArgumentException("invalid local delivery option " + id + " (needs postal codes)");
        }
        postalCodes = postalCodes.stream().map(TaxRule::normalizePostal).toList();
        country = country == null || country.isBlank() ? null : country.trim().toUpperCase(Locale.ROOT);
        leadTime = leadTime == null ? Duration.ofHours(2) : leadTime;
        window = window == null ? Duration.ofHours(2) : window;
        if (leadTime.isNegative() || window.isNegative()) {
            throw new IllegalArgumentException("invalid local delivery window for " + id);
        }
    }

    public boolean serves(QuoteAddress address) {
        if (address == null || address.country() == null || address.postalCode() == null) {
            return false;
        }
        if (country != null && !country.equalsIgnoreCase(address.country().trim())) {
            return false;
        }
        String postal = TaxRule.normalizePostal(address.postalCode());
        for (String code : postalCodes) {
            if (code.endsWith("*") ? postal.startsWith(code.substring(0, code.length() - 1)) : postal.equals(code)) {
                return true;
            }
        }
        return false;
    }

    public long feeFor(long itemsSubtotal) {
        return freeThreshold != null && itemsSubtotal >= freeThreshold ? 0 : fee;
    }
}
