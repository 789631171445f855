package org.acpmerchant.pricing.quote.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.acpmerchant.events.quote.QuoteReply.TaxBreakdown;

/**
 * The tax of one quote by jurisdiction (ADR 0019). Each taxed amount (a line's discounted subtotal, the selected
 * fulfillment fee) is taxed <b>per jurisdiction</b>, each share rounded half-up to the minor unit; the amount's tax is
 * the sum of its shares and each jurisdiction's breakdown amount is the sum of its shares over all amounts. So the
 * breakdown sums exactly to the tax total by construction, with no second rounding and no remainder to place.
 */
final class TaxSheet {

    private final List<TaxRule> rules;
    private final long[] amounts;

    TaxSheet(List<TaxRule> rules) {
        this.rules = List.copyOf(rules);
        this.amounts = new long[rules.size()];
    }

    /** Taxes a line's subtotal in every jurisdiction and records the shares; returns their sum. */
    long taxLine(long amount) {
        long tax = 0;
        for (int i = 0; i < rules.size(); i++) {
            long share = rules.get(i).taxOn(amount);
            amounts[i] = Math.addExact(amounts[i], share);
            tax = Math.addExact(tax, share);
        }
        return tax;
    }

    /** Taxes a fulfillment fee in the jurisdictions that tax shipping and records the shares; returns their sum. */
    long taxFulfillment(long fee) {
        long tax = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).shippingTaxable()) {
                long share = rules.get(i).taxOn(fee);
                amounts[i] = Math.addExact(amounts[i], share);
                tax = Math.addExact(tax, share);
            }
        }
        return tax;
    }

    /** The fee's tax as {@link #taxFulfillment} computes it, without recording it (for the offered options). */
    static long fulfillmentTax(List<TaxRule> rules, long fee) {
        long tax = 0;
        for (TaxRule rule : rules) {
            if (rule.shippingTaxable()) {
                tax = Math.addExact(tax, rule.taxOn(fee));
            }
        }
        return tax;
    }

    List<TaxBreakdown> breakdown() {
        List<TaxBreakdown> breakdown = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            breakdown.add(new TaxBreakdown(rules.get(i).jurisdiction(), rules.get(i).rate(), amounts[i]));
        }
        return breakdown;
    }

    String displayText() {
        return rules.isEmpty() ? "Tax"
                : "Tax (" + rules.stream().map(TaxRule::jurisdiction).collect(Collectors.joining(", ")) + ")";
    }
}
