package org.acpmerchant.pricing.whatif.application;

import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.application.PricingRules;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.whatif.application.CandidateRules.CandidateSections;

/**
 * A what-if's candidate pricing: the {@code tax}, {@code shipping} and {@code discounts} sections a candidate text
 * sets ({@link CandidateRules}), over today's configuration for the sections it leaves out, built into a calculator by
 * the same {@link PricingRules} the service starts with: a candidate that works here works when deployed, and one the
 * service would refuse at start is refused here with the same message.
 */
public final class CandidatePricing {

    /** The candidate is not usable; the message says what to fix. */
    public static final class CandidateRejected extends RuntimeException {
        public CandidateRejected(String message) {
            super(message);
        }
    }

    private final PricingProperties current;
    private final CandidateRules rules;

    public CandidatePricing(PricingProperties current, CandidateRules rules) {
        this.current = current;
        this.rules = rules;
    }

    /** The pricing a candidate text describes: its sections over today's configuration. */
    public PricingProperties properties(String text) {
        CandidateSections sections = rules.read(text);
        return new PricingProperties(current.catalog(), current.limits(), current.stock(),
                sections.tax() != null ? sections.tax() : current.tax(),
                sections.shipping() != null ? sections.shipping() : current.shipping(),
                sections.discounts() != null ? sections.discounts() : current.discounts(),
                current.merchantApiTokens(), current.feedPush());
    }

    /** The candidate's calculator; refuses rules the service itself would refuse at start. */
    public QuoteCalculator calculator(String text) {
        PricingProperties properties = properties(text);
        try {
            return PricingRules.calculator(properties);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CandidateRejected("The candidate's rules are not valid: " + e.getMessage());
        }
    }

    /** Today's {@code tax}, {@code shipping} and {@code discounts} as a candidate text, to edit into a candidate. */
    public String currentYaml() {
        return rules.write(current);
    }
}
