package org.acpmerchant.pricing.whatif.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteReply.TaxBreakdown;

/**
 * The money of one quote as a what-if compares it, in integer minor units: the items before discounts, the discounts,
 * the subtotal, the fulfillment fee, the tax (and its split by jurisdiction), the total, and the fulfillment option
 * the total was priced with.
 */
public record QuoteFigures(long itemsBase, long discount, long subtotal, long fulfillment, long tax, long total,
        Map<String, Long> taxByJurisdiction, String fulfillmentOptionId) {

    public QuoteFigures {
        taxByJurisdiction = Collections.unmodifiableMap(new TreeMap<>(taxByJurisdiction));
    }

    /** Read from a quote's totals (a missing total is 0: {@code items_discount} is left out when there is none). */
    public static QuoteFigures of(QuoteReply quote) {
        long base = 0;
        long discount = 0;
        long subtotal = 0;
        long fulfillment = 0;
        long tax = 0;
        long total = 0;
        Map<String, Long> jurisdictions = new TreeMap<>();
        for (QuoteTotal t : quote.totals()) {
            switch (t.type()) {
                case "items_base_amount" -> base = t.amount();
                case "items_discount" -> discount = t.amount();
                case "subtotal" -> subtotal = t.amount();
                case "fulfillment" -> fulfillment = t.amount();
                case "tax" -> {
                    tax = t.amount();
                    for (TaxBreakdown b : t.breakdown()) {
                        jurisdictions.merge(b.jurisdiction(), b.amount(), Math::addExact);
                    }
                }
                case "total" -> total = t.amount();
                default -> { }
            }
        }
        return new QuoteFigures(base, discount, subtotal, fulfillment, tax, total, jurisdictions,
                quote.selectedFulfillmentOptionId());
    }

    /** True when a figure differs (the fulfillment option alone, at the same money, is no change). */
    public boolean differsInMoney(QuoteFigures other) {
        return itemsBase != other.itemsBase || discount != other.discount || subtotal != other.subtotal
                || fulfillment != other.fulfillment || tax != other.tax || total != other.total
                || !nonZero(taxByJurisdiction).equals(nonZero(other.taxByJurisdiction));
    }

    private static Map<String, Long> nonZero(Map<String, Long> amounts) {
        Map<String, Long> kept = new TreeMap<>(amounts);
        kept.values().removeIf(v -> v == 0);
        return kept;
    }
}
