package org.acpmerchant.pricing.quote.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * A destination zone for shipping rates: an address is in it when each list that is not empty has a match
 * ({@code countries} ISO 3166-1 alpha-2, {@code regions} the address's state/region code, {@code postalPrefixes}
 * compared without spaces or dashes, case-insensitive). A zone with no lists is everywhere.
 */
public record ShippingZone(String id, Set<String> countries, Set<String> regions, List<String> postalPrefixes) {

    public ShippingZone {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a shipping zone needs an id");
        }
        countries = countries == null ? Set.of()
                : countries.stream().map(c -> c.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        regions = regions == null ? Set.of()
                : regions.stream().map(r -> r.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        postalPrefixes = postalPrefixes == null ? List.of()
                : postalPrefixes.stream().map(TaxRule::normalizePostal).toList();
    }

    public boolean contains(QuoteAddress address) {
        if (address == null || address.country() == null) {
            return false;
        }
        if (!countries.isEmpty() && !countries.contains(address.country().trim().toUpperCase(Locale.ROOT))) {
            return false;
        }
        if (!regions.isEmpty()
                && (address.state() == null || !regions.contains(address.state().trim().toUpperCase(Locale.ROOT)))) {
            return false;
        }
        if (postalPrefixes.isEmpty()) {
            return true;
        }
        if (address.postalCode() == null) {
            return false;
        }
        String postal = TaxRule.normalizePostal(address.postalCode());
        return postalPrefixes.stream().anyMatch(postal::startsWith);
    }
}
