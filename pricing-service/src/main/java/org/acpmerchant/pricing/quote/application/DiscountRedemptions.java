package org.acpmerchant.pricing.quote.application;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * How often each discount code was redeemed: a use counts when a stock reservation that carried the code becomes a
 * sale. Methods run in the caller's transaction.
 */
public interface DiscountRedemptions {

    /** Uses so far of those (normalized, uppercase) codes that have any; missing codes have none. */
    Map<String, Long> counts(Collection<String> codes);

    /**
     * Records one use of each (normalized) code by {@code reservationId}; a code already recorded for that
     * reservation is not counted again, so redelivered commits count once.
     */
    void redeem(String reservationId, Collection<String> codes, Instant at);
}
