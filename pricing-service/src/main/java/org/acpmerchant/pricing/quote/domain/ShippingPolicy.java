package org.acpmerchant.pricing.quote.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;

/**
 * The fulfillment options of a cart: the configured shipping options, cheapest first, when any line needs shipping;
 * otherwise the single free {@code digital} option. Delivery dates count business days (Monday to Friday, UTC).
 */
public final class ShippingPolicy {

    public static final String DIGITAL_OPTION_ID = "digital";

    private final List<ShippingOption> options;

    public ShippingPolicy(List<ShippingOption> options) {
        this.options = List.copyOf(options);
    }

    public List<FulfillmentOptionQuote> optionsFor(
            boolean requiresShipping, long itemsSubtotal, Optional<TaxRule> taxRule, Instant quotedAt) {
        if (!requiresShipping) {
            return List.of(new FulfillmentOptionQuote(
                    DIGITAL_OPTION_ID, "digital", "Digital delivery", "Delivered electronically", null, null, null,
                    0, 0, 0));
        }
        return options.stream()
                .map(option -> quote(option, itemsSubtotal, taxRule, quotedAt))
                .sorted(Comparator.comparingLong(FulfillmentOptionQuote::total))
                .toList();
    }

    private static FulfillmentOptionQuote quote(
            ShippingOption option, long itemsSubtotal, Optional<TaxRule> taxRule, Instant quotedAt) {
        long fee = option.feeFor(itemsSubtotal);
        long tax = taxRule.filter(TaxRule::shippingTaxable).map(rule -> rule.taxOn(fee)).orElse(0L);
        return new FulfillmentOptionQuote(
                option.id(),
                "shipping",
                option.title(),
                option.minDays() + "-" + option.maxDays() + " business days",
                option.carrier(),
                plusBusinessDays(quotedAt, option.minDays()),
                plusBusinessDays(quotedAt, option.maxDays()),
                fee,
                tax,
                fee + tax);
    }

    static Instant plusBusinessDays(Instant from, int days) {
        ZonedDateTime t = from.atZone(ZoneOffset.UTC);
        int added = 0;
        while (added < days) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return t.toInstant();
    }
}
