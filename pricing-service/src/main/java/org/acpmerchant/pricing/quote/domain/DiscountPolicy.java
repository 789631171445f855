package org.acpmerchant.pricing.quote.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply.AppliedDiscount;
import org.acpmerchant.events.quote.QuoteReply.Allocation;
import org.acpmerchant.events.quote.QuoteReply.RejectedDiscount;

/**
 * Applies the configured discounts to a cart's lines (ADR 0008). Pure.
 *
 * <ol>
 *   <li>Each entered code is checked in order: a repeat is {@code discount_code_already_applied}; unknown, not yet
 *       started, in another currency or covering no line of the cart is {@code discount_code_invalid}; past its end
 *       {@code discount_code_expired}; used up {@code discount_code_usage_limit_reached}; the covered lines' base
 *       amount below the minimum {@code discount_code_minimum_not_met}. Automatic discounts pass the same checks
 *       silently.</li>
 *   <li>The survivors are taken by priority (ties: automatic first, then configuration or entry order). One that
 *       cannot combine with those already taken (either side not stackable) is dropped: a code as
 *       {@code discount_code_combination_disallowed}, an automatic discount silently.</li>
 *   <li>Each taken discount works on what is left of its lines after the earlier ones: percent-off takes
 *       {@code round_half_up(percent × left / 100)}, amount-off {@code min(amount, left)}. That amount is allocated to
 *       the lines in proportion to what is left of each by the largest remainder method (floors first, then one
 *       minor unit each to the largest remainders, ties to the lowest line index), so the allocations sum exactly
 *       to the amount and no line goes below 0.</li>
 * </ol>
 */
public final class DiscountPolicy {

    public static final String INVALID = "discount_code_invalid";
    public static final String EXPIRED = "discount_code_expired";
    public static final String MINIMUM_NOT_MET = "discount_code_minimum_not_met";
    public static final String COMBINATION_DISALLOWED = "discount_code_combination_disallowed";
    public static final String USAGE_LIMIT_REACHED = "discount_code_usage_limit_reached";
    public static final String ALREADY_APPLIED = "discount_code_already_applied";

    private final List<DiscountRule> automatic;
    private final Map<String, DiscountRule> byCode = new LinkedHashMap<>();

    public DiscountPolicy(List<DiscountRule> rules) {
        this.automatic = rules.stream().filter(DiscountRule::automatic).toList();
        for (DiscountRule rule : rules) {
            if (!rule.automatic() && byCode.putIfAbsent(rule.code(), rule) != null) {
                throw new IllegalArgumentException("discount code " + rule.code() + " is configured twice");
            }
        }
    }

    public static DiscountPolicy none() {
        return new DiscountPolicy(List.of());
    }

    /** The codes with a usage limit: only their redemption counts matter. */
    public List<String> limitedCodes() {
        return byCode.values().stream().filter(r -> r.usageLimit() != null).map(DiscountRule::code).toList();
    }

    /** The usage limit of each code that has one. */
    public Map<String, Long> usageLimits() {
        Map<String, Long> limits = new LinkedHashMap<>();
        byCode.values().stream().filter(r -> r.usageLimit() != null).forEach(r -> limits.put(r.code(), r.usageLimit()));
        return limits;
    }

    /** A line to discount: its variant and base amount. */
    public record Line(String itemId, long baseAmount) {}

    /** A code not applied, with its index in the entered codes. */
    public record Rejected(int index, RejectedDiscount discount) {}

    /** The applied discounts, the rejected codes and the discount per line (same order as the lines). */
    public record Outcome(List<AppliedDiscount> applied, List<Rejected> rejected, long[] lineDiscounts) {}

    private record Candidate(DiscountRule rule, int index, String entered) {}

    /**
     * @param redeemed uses so far per (normalized) code; a missing code has none
     */
    public Outcome apply(
            List<Line> lines, String currency, List<String> codes, Map<String, Long> redeemed, Instant at) {
        List<Candidate> candidates = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < automatic.size(); i++) {
            DiscountRule rule = automatic.get(i);
            if (reason(rule, lines, currency, 0, at) == null) {
                candidates.add(new Candidate(rule, -automatic.size() + i, null));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String entered = codes.get(i) == null ? "" : codes.get(i);
            String code = DiscountRule.normalize(entered);
            DiscountRule rule = byCode.get(code);
            String reason = !seen.add(code) ? ALREADY_APPLIED
                    : rule == null ? INVALID
                    : reason(rule, lines, currency, redeemed.getOrDefault(code, 0L), at);
            if (reason == null) {
                candidates.add(new Candidate(rule, i, entered));
            } else {
                rejected.add(new Rejected(i, new RejectedDiscount(entered, reason, message(entered, reason))));
            }
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.rule().priority())
                .thenComparing(c -> c.entered() != null)
                .thenComparingInt(Candidate::index));

        long[] lineDiscounts = new long[lines.size()];
        List<AppliedDiscount> applied = new ArrayList<>();
        List<DiscountRule> taken = new ArrayList<>();
        for (Candidate candidate : candidates) {
            DiscountRule rule = candidate.rule();
            if (!taken.isEmpty() && (!rule.stackable() || taken.stream().anyMatch(t -> !t.stackable()))) {
                if (candidate.entered() != null) {
                    rejected.add(new Rejected(candidate.index(), new RejectedDiscount(
                            candidate.entered(), COMBINATION_DISALLOWED,
                            message(candidate.entered(), COMBINATION_DISALLOWED))));
                }
                continue;
            }
            taken.add(rule);
            long[] left = new long[lines.size()];
            long leftTotal = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (rule.covers(lines.get(i).itemId())) {
                    left[i] = lines.get(i).baseAmount() - lineDiscounts[i];
                    leftTotal = Math.addExact(leftTotal, left[i]);
                }
            }
            long amount = rule.percentOff() != null
                    ? mulDiv(rule.percentOff(), leftTotal, 100, 50)
                    : Math.min(rule.amountOff(), leftTotal);
            long[] shares = allocate(amount, left);
            List<Allocation> allocations = new ArrayList<>();
            for (int i = 0; i < shares.length; i++) {
                if (rule.covers(lines.get(i).itemId())) {
                    lineDiscounts[i] += shares[i];
                    allocations.add(new Allocation(i, shares[i]));
                }
            }
            applied.add(new AppliedDiscount(
                    rule.id(), rule.code(), rule.automatic(), rule.name(), rule.percentOff(), rule.amountOff(),
                    amount, rule.percentOff() != null ? "each" : "across", rule.priority(), allocations));
        }
        rejected.sort(Comparator.comparingInt(Rejected::index));
        return new Outcome(applied, rejected, lineDiscounts);
    }

    private static String reason(DiscountRule rule, List<Line> lines, String currency, long redeemed, Instant at) {
        long covered = 0;
        boolean any = false;
        for (Line line : lines) {
            if (rule.covers(line.itemId())) {
                any = true;
                covered = Math.addExact(covered, line.baseAmount());
            }
        }
        if (!any || !rule.startedAt(at) || (rule.currency() != null && !rule.currency().equalsIgnoreCase(currency))) {
            return INVALID;
        }
        if (rule.expiredAt(at)) {
            return EXPIRED;
        }
        if (rule.exhausted(redeemed)) {
            return USAGE_LIMIT_REACHED;
        }
        return covered < rule.minimumSubtotal() ? MINIMUM_NOT_MET : null;
    }

    private static String message(String code, String reason) {
        switch (reason) {
            case ALREADY_APPLIED:
                return "The code '" + code + "' is already applied.";
            case EXPIRED:
                return "The code '" + code + "' has expired.";
            case USAGE_LIMIT_REACHED:
                return "The code '" + code + "' has been used the maximum number of times.";
            case MINIMUM_NOT_MET:
                return "The cart does not reach the minimum amount for the code '" + code + "'.";
            case COMBINATION_DISALLOWED:
                return "The code '" + code + "' cannot be combined with the other discounts.";
            default:
                return "The code '" + code + "' is not valid for this cart.";
        }
    }

    /**
     * Splits {@code amount} (0 ≤ amount ≤ Σ weights) over non-negative {@code weights} by the largest remainder
     * method: {@code floor(amount × w_i / Σw)} each, then one unit to each of the largest remainders, ties to the
     * lowest index. The shares sum to {@code amount} and share i never exceeds weight i.
     */
    public static long[] allocate(long amount, long[] weights) {
        long total = 0;
        for (long w : weights) {
            total = Math.addExact(total, w);
        }
        if (amount < 0 || amount > total) {
            throw new IllegalArgumentException("cannot allocate " + amount + " over " + total);
        }
        long[] shares = new long[weights.length];
        if (amount == 0) {
            return shares;
        }
        long[] remainders = new long[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            shares[i] = mulDiv(amount, weights[i], total, 0);
            remainders[i] = mulMod(amount, weights[i], total);
            given += shares[i];
        }
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> remainders[a] != remainders[b]
                ? Long.compare(remainders[b], remainders[a]) : Integer.compare(a, b));
        for (int k = 0; k < amount - given; k++) {
            shares[order[k]]++;
        }
        return shares;
    }

    /** {@code (a × b + bias) / d} for non-negative operands, exact beyond 64-bit intermediates. */
    static long mulDiv(long a, long b, long d, long bias) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        if (high == 0 && product >= 0 && product <= Long.MAX_VALUE - bias) {
            return (product + bias) / d;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).add(BigInteger.valueOf(bias))
                .divide(BigInteger.valueOf(d)).longValueExact();
    }

    private static long mulMod(long a, long b, long d) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        if (high == 0 && product >= 0) {
            return product % d;
        }
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).mod(BigInteger.valueOf(d)).longValueExact();
    }
}
