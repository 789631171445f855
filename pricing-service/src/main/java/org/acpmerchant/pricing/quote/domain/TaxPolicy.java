package org.acpmerchant.pricing.quote.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * Finds the tax jurisdictions of a destination: every rule whose country, region and postal prefix match applies
 * (they stack), country first, then region, then local, each level in configuration order. No match, or no address,
 * means no tax. All rules of one country must agree on {@code prices-include-tax}: every rule matching a destination
 * has the destination's country, so its jurisdictions are either all tax-inclusive or all tax-exclusive.
 */
public final class TaxPolicy {

    private final List<TaxRule> rules;

    public TaxPolicy(List<TaxRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, Boolean> inclusive = new HashMap<>();
        for (TaxRule rule : this.rules) {
            Boolean other = inclusive.putIfAbsent(rule.country(), rule.pricesIncludeTax());
            if (other != null && other != rule.pricesIncludeTax()) {
                throw new IllegalArgumentException("tax rules of country " + rule.country()
                        + " disagree on prices-include-tax: set it on all of them or on none");
            }
        }
    }

    public List<TaxRule> rulesFor(QuoteAddress address) {
        if (address == null || address.country() == null) {
            return List.of();
        }
        List<TaxRule> matching = new ArrayList<>();
        for (TaxRule rule : rules) {
            if (rule.matches(address)) {
                matching.add(rule);
            }
        }
        matching.sort(Comparator.comparingInt(TaxRule::level));
        return matching;
    }
}
