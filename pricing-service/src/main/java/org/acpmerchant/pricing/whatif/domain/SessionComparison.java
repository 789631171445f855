package org.acpmerchant.pricing.whatif.domain;

import java.time.Instant;

/**
 * One recorded checkout re-priced: what it was {@code recorded} at and what the {@code candidate} rules would have
 * charged. {@code drift} is true when the rules in force today do not reproduce the recorded figures either (the
 * rules, or a weight in the catalog, changed since): part of the difference is then not the candidate's doing.
 * {@code candidate} is null, with a {@code problem}, when the candidate rules could not price the cart at all.
 */
public record SessionComparison(String sessionId, String status, Instant createdAt, String currency,
        QuoteFigures recorded, QuoteFigures candidate, boolean drift, String problem) {

    public boolean changed() {
        return candidate == null || recorded.differsInMoney(candidate);
    }

    /** The candidate's total less the recorded one (0 when the candidate could not price the cart). */
    public long totalDelta() {
        return candidate == null ? 0 : candidate.total() - recorded.total();
    }
}
