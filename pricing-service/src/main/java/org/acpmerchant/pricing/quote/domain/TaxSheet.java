package org.acpmerchant.pricing.quote.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.acpmerchant.events.quote.QuoteReply.TaxBreakdown;

/**
 * The tax of one quote by jurisdiction (ADR 0019). All rules of a destination share one mode (see {@link TaxPolicy}).
 *
 * <p><b>Tax-exclusive</b> (default): each taxed amount (a line's discounted subtotal, the selected fulfillment fee) is
 * taxed <b>per jurisdiction</b>, each share rounded half-up to the minor unit; the amount's tax is the sum of its
 * shares.
 *
 * <p><b>Tax-inclusive</b> ({@code prices-include-tax}): each taxed amount is a gross amount. With {@code R} the sum of
 * the rates (ppm) of the jurisdictions taxing it, its tax is extracted once,
 * {@code tax = round_half_up(gross × R / (10⁶ + R))}, and split over those jurisdictions in proportion to their rates
 * by the largest remainder method (floors first, then one minor unit each to the largest remainders, ties to the
 * earlier jurisdiction in breakdown order); its net is {@code gross − tax}.
 *
 * <p>Either way each jurisdiction's breakdown amount is the sum of its shares over all amounts, so the breakdown sums
 * exactly to the tax total by construction.
 */
final class TaxSheet {

    private static final long MILLION = 1_000_000;

    /** A taxed amount split into the part before tax and its tax: {@code net + tax} is what the buyer pays. */
    record Split(long net, long tax) {}

    private final List<TaxRule> rules;
    private final boolean pricesIncludeTax;
    private final long[] amounts;

    TaxSheet(List<TaxRule> rules) {
        this.rules = List.copyOf(rules);
        this.pricesIncludeTax = pricesIncludeTax(this.rules);
        this.amounts = new long[rules.size()];
    }

    /** Taxes a line's discounted amount in every jurisdiction and records the shares. */
    Split taxLine(long amount) {
        return record(amount, shares(rules, amount, false));
    }

    /** Taxes a fulfillment fee in the jurisdictions that tax shipping and records the shares. */
    Split taxFulfillment(long fee) {
        return record(fee, shares(rules, fee, true));
    }

    /** The fee's split as {@link #taxFulfillment} computes it, without recording it (for the offered options). */
    static Split fulfillment(List<TaxRule> rules, long fee) {
        long[] shares = shares(rules, fee, true);
        long tax = 0;
        for (long share : shares) {
            tax = Math.addExact(tax, share);
        }
        return split(pricesIncludeTax(rules), fee, tax);
    }

    private Split record(long amount, long[] shares) {
        long tax = 0;
        for (int i = 0; i < shares.length; i++) {
            amounts[i] = Math.addExact(amounts[i], shares[i]);
            tax = Math.addExact(tax, shares[i]);
        }
        return split(pricesIncludeTax, amount, tax);
    }

    private static Split split(boolean inclusive, long amount, long tax) {
        return inclusive ? new Split(amount - tax, tax) : new Split(amount, tax);
    }

    private static boolean pricesIncludeTax(List<TaxRule> rules) {
        boolean inclusive = !rules.isEmpty() && rules.get(0).pricesIncludeTax();
        for (TaxRule rule : rules) {
            if (rule.pricesIncludeTax() != inclusive) {
                throw new IllegalArgumentException("a destination's tax rules disagree on prices-include-tax");
            }
        }
        return inclusive;
    }

    /** Each rule's share of the tax on {@code amount} (0 for rules not taxing it), in rule order. */
    private static long[] shares(List<TaxRule> rules, long amount, boolean fulfillment) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        long[] shares = new long[rules.size()];
        if (!pricesIncludeTax(rules)) {
            for (int i = 0; i < shares.length; i++) {
                if (!fulfillment || rules.get(i).shippingTaxable()) {
                    shares[i] = rules.get(i).taxOn(amount);
                }
            }
            return shares;
        }
        long[] rates = new long[rules.size()];
        long combined = 0;
        for (int i = 0; i < rates.length; i++) {
            if (!fulfillment || rules.get(i).shippingTaxable()) {
                rates[i] = rules.get(i).ratePpm();
                combined = Math.addExact(combined, rates[i]);
            }
        }
        return combined == 0 ? shares : largestRemainder(includedTax(amount, combined), rates, combined);
    }

    /**
     * The tax included in a gross {@code amount} at the combined rate {@code ratePpm}:
     * {@code round_half_up(amount × R / (10⁶ + R))} = {@code (2 × amount × R + D) / (2 × D)} with
     * {@code D = 10⁶ + R}, in exact integer arithmetic. Never more than {@code amount}.
     */
    static long includedTax(long amount, long ratePpm) {
        if (amount < 0 || ratePpm < 0) {
            throw new IllegalArgumentException("amount and rate must not be negative");
        }
        long divisor = Math.addExact(MILLION, ratePpm);
        return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(ratePpm)).shiftLeft(1)
                .add(BigInteger.valueOf(divisor))
                .divide(BigInteger.valueOf(divisor).shiftLeft(1))
                .longValueExact();
    }

    /**
     * Splits {@code amount} over {@code weights} (summing to {@code total} > 0) by the largest remainder method:
     * {@code floor(amount × w_i / total)} each, then one unit each to the largest remainders
     * {@code amount × w_i mod total}, ties to the lowest index. The shares sum exactly to {@code amount}.
     */
    static long[] largestRemainder(long amount, long[] weights, long total) {
        long[] shares = new long[weights.length];
        long[] remainders = new long[weights.length];
        long given = 0;
        BigInteger a = BigInteger.valueOf(amount);
        BigInteger t = BigInteger.valueOf(total);
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = a.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(t);
            shares[i] = qr[0].longValueExact();
            remainders[i] = qr[1].longValueExact();
            given = Math.addExact(given, shares[i]);
        }
        // fewer than weights.length units are left, one each to distinct indices
        for (long left = amount - given; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] > 0 && remainders[i] >= 0 && (best < 0 || remainders[i] > remainders[best])) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
        }
        return shares;
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
