package org.acpmerchant.pricing.whatif.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The totals of a what-if run, per currency (amounts in different currencies are never added), and the sessions
 * whose total would change most. Fed one {@link SessionComparison} at a time, so its size does not grow with the
 * number of sessions beyond {@code keptSessions}.
 */
public final class WhatIfReport {

    /** Sums of one figure over the sessions of one currency. */
    public static final class Sums {
        private long itemsBase;
        private long discount;
        private long subtotal;
        private long fulfillment;
        private long tax;
        private long total;

        void add(QuoteFigures f) {
            itemsBase = Math.addExact(itemsBase, f.itemsBase());
            discount = Math.addExact(discount, f.discount());
            subtotal = Math.addExact(subtotal, f.subtotal());
            fulfillment = Math.addExact(fulfillment, f.fulfillment());
            tax = Math.addExact(tax, f.tax());
            total = Math.addExact(total, f.total());
        }

        public long itemsBase() {
            return itemsBase;
        }

        public long discount() {
            return discount;
        }

        public long subtotal() {
            return subtotal;
        }

        public long fulfillment() {
            return fulfillment;
        }

        public long tax() {
            return tax;
        }

        public long total() {
            return total;
        }
    }

    /** One currency's totals: recorded and candidate sums, and tax by jurisdiction (jurisdiction → [recorded, candidate]). */
    public static final class CurrencyTotals {
        private final String currency;
        private long sessions;
        private long changed;
        private long drifted;
        private long unpriceable;
        private final Sums recorded = new Sums();
        private final Sums candidate = new Sums();
        private final Map<String, long[]> taxByJurisdiction = new TreeMap<>();

        CurrencyTotals(String currency) {
            this.currency = currency;
        }

        void add(SessionComparison s) {
            sessions++;
            changed += s.changed() ? 1 : 0;
            drifted += s.drift() ? 1 : 0;
            unpriceable += s.candidate() == null ? 1 : 0;
            // an unpriceable cart counts as charging what was recorded: the candidate leaves it unsellable, not cheaper
            QuoteFigures would = s.candidate() == null ? s.recorded() : s.candidate();
            recorded.add(s.recorded());
            candidate.add(would);
            s.recorded().taxByJurisdiction().forEach((j, amount) ->
                    taxByJurisdiction.computeIfAbsent(j, k -> new long[2])[0] += amount);
            would.taxByJurisdiction().forEach((j, amount) ->
                    taxByJurisdiction.computeIfAbsent(j, k -> new long[2])[1] += amount);
        }

        public String currency() {
            return currency;
        }

        public long sessions() {
            return sessions;
        }

        public long changed() {
            return changed;
        }

        public long drifted() {
            return drifted;
        }

        public long unpriceable() {
            return unpriceable;
        }

        public Sums recorded() {
            return recorded;
        }

        public Sums candidate() {
            return candidate;
        }

        /** jurisdiction → {recorded, candidate}. */
        public Map<String, long[]> taxByJurisdiction() {
            return Collections.unmodifiableMap(taxByJurisdiction);
        }
    }

    private static final Comparator<SessionComparison> BY_CHANGE =
            Comparator.comparingLong((SessionComparison s) -> Math.abs(s.totalDelta()))
                    .thenComparing(SessionComparison::sessionId, Comparator.reverseOrder());

    private final int keptSessions;
    private final Map<String, CurrencyTotals> currencies = new TreeMap<>();
    private final PriorityQueue<SessionComparison> largest;
    private long sessions;
    private long changed;

    public WhatIfReport(int keptSessions) {
        this.keptSessions = keptSessions;
        this.largest = new PriorityQueue<>(Math.max(1, keptSessions), BY_CHANGE);
    }

    public void add(SessionComparison s) {
        sessions++;
        currencies.computeIfAbsent(s.currency(), CurrencyTotals::new).add(s);
        if (!s.changed()) {
            return;
        }
        changed++;
        if (keptSessions == 0) {
            return;
        }
        if (largest.size() < keptSessions) {
            largest.add(s);
        } else if (BY_CHANGE.compare(s, largest.peek()) > 0) {
            largest.poll();
            largest.add(s);
        }
    }

    public long sessions() {
        return sessions;
    }

    public long changed() {
        return changed;
    }

    public List<CurrencyTotals> currencies() {
        return List.copyOf(currencies.values());
    }

    /** The changed sessions with the largest change of total, largest first (at most {@code keptSessions}). */
    public List<SessionComparison> largestChanges() {
        List<SessionComparison> list = new ArrayList<>(largest);
        list.sort(BY_CHANGE.reversed());
        return list;
    }
}
