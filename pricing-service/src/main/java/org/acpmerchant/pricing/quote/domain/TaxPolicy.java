package org.acpmerchant.pricing.quote.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/** Picks the tax rule for a destination: a rule for the region beats a rule for the whole country; none means 0. */
public final class TaxPolicy {

    private final List<TaxRule> rules;

    public TaxPolicy(List<TaxRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Optional<TaxRule> ruleFor(QuoteAddress address) {
        if (address == null || address.country() == null) {
            return Optional.empty();
        }
        return rules.stream()
                .filter(rule -> rule.matches(address.country(), address.state()))
                .max(Comparator.comparing(rule -> rule.region() != null));
    }
}
