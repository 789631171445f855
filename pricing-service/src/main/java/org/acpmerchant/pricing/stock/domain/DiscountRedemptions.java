package org.acpmerchant.pricing.stock.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How often each discount code was used. A use is <b>held</b> while a stock reservation that carries a usage-limited
 * code is open, and <b>redeemed</b> (counted for good) when that reservation becomes a sale; a released or expired
 * reservation gives its held uses back. Methods run in the caller's transaction (the reservation's command).
 */
public interface DiscountRedemptions {

    /** Redeemed uses so far of those (normalized, uppercase) codes that have any; missing codes have none. */
    Map<String, Long> counts(Collection<String> codes);

    /**
     * Holds one use of each usage-limited code among {@code codes} for {@code reservationId}, all or none: with the
     * codes locked, a code whose holds by other reservations plus redemptions already reach its limit is exhausted.
     * Returns the exhausted codes (sorted); when there are any, nothing is held. Codes without a limit are not held.
     * Holding again for the same reservation changes nothing.
     */
    List<String> hold(String reservationId, Collection<String> codes, Instant at);

    /** Gives back the uses {@code reservationId} holds; nothing when it holds none. */
    void releaseHolds(String reservationId);

    /**
     * Records one use of each (normalized) code by {@code reservationId} and drops its holds (the held use becomes
     * the redeemed one); a code already recorded for that reservation is not counted again, so redelivered commits
     * count once.
     */
    void redeem(String reservationId, Collection<String> codes, Instant at);
}
