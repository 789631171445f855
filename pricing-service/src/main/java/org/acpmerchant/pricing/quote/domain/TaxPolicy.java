package org.acpmerchant.pricing.quote.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * Finds the tax jurisdictions of a destination: every rule whose country, region and postal prefix match applies
 * (they stack), country first, then region, then local, each level in configuration order. No match, or no address,
 * means no tax.
 */
public final class TaxPolicy {

    private final List<TaxRule> rules;

    public TaxPolicy(List<TaxRule> rules) {
        this.rules = List.copyOf(rules);
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
