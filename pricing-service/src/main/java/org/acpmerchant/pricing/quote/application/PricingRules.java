package org.acpmerchant.pricing.quote.application;

import java.util.List;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply.PickupAddress;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.domain.DiscountPolicy;
import org.acpmerchant.pricing.quote.domain.DiscountRule;
import org.acpmerchant.pricing.quote.domain.LocalDeliveryOption;
import org.acpmerchant.pricing.quote.domain.PickupLocation;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.domain.QuoteLimits;
import org.acpmerchant.pricing.quote.domain.ShippingOption;
import org.acpmerchant.pricing.quote.domain.ShippingPolicy;
import org.acpmerchant.pricing.quote.domain.ShippingZone;
import org.acpmerchant.pricing.quote.domain.TaxPolicy;
import org.acpmerchant.pricing.quote.domain.TaxRule;

/** The pricing rules of {@code acp.pricing.*} as the domain's policies: the service's, or a what-if's candidate. */
public final class PricingRules {

    private PricingRules() {}

    /** The calculator of a pricing configuration (also a what-if's candidate); rejects rules that make no sense. */
    public static QuoteCalculator calculator(PricingProperties properties) {
        var tax = new TaxPolicy(properties.tax().rules().stream()
                .map(r -> new TaxRule(r.country(), r.region(), r.postalPrefix(), r.ratePpm(), r.jurisdiction(),
                        r.shippingTaxable(), r.pricesIncludeTax()))
                .toList());
        var shipping = shippingPolicy(properties.shipping());
        var limits = new QuoteLimits(
                properties.limits().maxQuantityPerLine(), properties.limits().lowStockThreshold());
        var discounts = new DiscountPolicy(properties.discounts().stream()
                .map(d -> new DiscountRule(
                        d.id(), d.code(), d.name(), d.percentOff(), d.amountOff(), d.currency(),
                        d.minimumSubtotal() == null ? 0 : d.minimumSubtotal(), d.startsAt(), d.endsAt(),
                        d.usageLimit(), Boolean.TRUE.equals(d.stackable()),
                        d.priority() == null ? 1 : d.priority(),
                        d.itemIds() == null ? Set.of() : Set.copyOf(d.itemIds())))
                .toList());
        return new QuoteCalculator(tax, shipping, limits, discounts);
    }

    private static ShippingPolicy shippingPolicy(PricingProperties.Shipping shipping) {
        return new ShippingPolicy(
                shipping.zones().stream()
                        .map(z -> new ShippingZone(z.id(), z.countries() == null ? null : Set.copyOf(z.countries()),
                                z.regions() == null ? null : Set.copyOf(z.regions()), z.postalPrefixes()))
                        .toList(),
                shipping.options().stream()
                        .map(o -> new ShippingOption(
                                o.id(), o.title(), o.carrier(), o.fee(), o.minDays(), o.maxDays(), o.freeThreshold(),
                                o.zones() == null ? Set.of() : Set.copyOf(o.zones()),
                                o.weightRates() == null ? List.of() : o.weightRates().stream()
                                        .map(w -> new ShippingOption.WeightRate(w.maxGrams(), w.fee())).toList()))
                        .toList(),
                shipping.localDelivery().stream()
                        .map(l -> new LocalDeliveryOption(l.id(), l.title(), l.carrier(), l.fee(), l.freeThreshold(),
                                l.country(), l.postalCodes(), l.radiusMiles(), l.centerPostalCode(), l.leadTime(),
                                l.window()))
                        .toList(),
                shipping.pickup().stream()
                        .map(p -> new PickupLocation(p.id(), p.locationId(), p.name(), p.address() == null ? null
                                : new PickupAddress(p.address().name() == null ? p.name() : p.address().name(),
                                        p.address().lineOne(), p.address().lineTwo(), p.address().city(),
                                        p.address().state(), p.address().country(), p.address().postalCode()),
                                p.phone(), p.instructions(), p.pickupType(), p.readyIn(), p.holdFor(),
                                p.fee() == null ? 0 : p.fee()))
                        .toList());
    }
}
