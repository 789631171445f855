package org.acpmerchant.pricing.whatif.application;

import java.util.List;
import org.acpmerchant.pricing.PricingProperties;

/** Port: candidate pricing rules read from, and today's written as, the text ops edit. */
public interface CandidateRules {

    /** The sections a candidate sets; null where it leaves one out. */
    record CandidateSections(PricingProperties.Tax tax, PricingProperties.Shipping shipping,
            List<PricingProperties.DiscountProperties> discounts) {}

    /** @throws CandidatePricing.CandidateRejected with what to fix when the text is not a usable candidate */
    CandidateSections read(String text);

    /** Today's {@code tax}, {@code shipping} and {@code discounts} as a candidate text. */
    String write(PricingProperties current);
}
