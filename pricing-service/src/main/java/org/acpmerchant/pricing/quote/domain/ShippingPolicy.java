package org.acpmerchant.pricing.quote.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PickupDetails;
import org.acpmerchant.events.quote.QuoteReply.ServiceArea;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * The fulfillment options of a cart (ADR 0019). A cart of only digital items gets the single free {@code digital}
 * option. Otherwise, in this order: the shipping options for the destination's zone and the cart's weight, cheapest
 * first (before an address is known only options without zones); the local delivery options serving the address's
 * postal code, cheapest first; the pickup locations in configuration order. The first is the default selection, so
 * pickup is chosen only when the buyer picks it or nothing else is offered. Shipping dates count business days
 * (Monday to Friday, UTC). Each option's tax is taken at its own destination: the buyer's address, or the store's for
 * pickup. Where the destination's prices include tax, an option's fee is what the buyer pays: its {@code subtotal}
 * is the fee less the included tax and its {@code total} the fee.
 */
public final class ShippingPolicy {

    public static final String DIGITAL_OPTION_ID = "digital";

    private final Map<String, ShippingZone> zones = new HashMap<>();
    private final List<ShippingOption> options;
    private final List<LocalDeliveryOption> localDeliveries;
    private final List<PickupLocation> pickups;

    public ShippingPolicy(List<ShippingOption> options) {
        this(List.of(), options, List.of(), List.of());
    }

    public ShippingPolicy(List<ShippingZone> zones, List<ShippingOption> options,
            List<LocalDeliveryOption> localDeliveries, List<PickupLocation> pickups) {
        zones.forEach(zone -> {
            if (this.zones.put(zone.id(), zone) != null) {
                throw new IllegalArgumentException("shipping zone " + zone.id() + " is configured twice");
            }
        });
        this.options = List.copyOf(options);
        this.localDeliveries = List.copyOf(localDeliveries);
        this.pickups = List.copyOf(pickups);
        Set<String> ids = new HashSet<>(Set.of(DIGITAL_OPTION_ID));
        for (ShippingOption option : options) {
            requireUnique(ids, option.id());
            option.zoneIds().forEach(zone -> {
                if (!this.zones.containsKey(zone)) {
                    throw new IllegalArgumentException("shipping option " + option.id() + ": unknown zone " + zone);
                }
            });
        }
        localDeliveries.forEach(option -> requireUnique(ids, option.id()));
        pickups.forEach(option -> requireUnique(ids, option.id()));
    }

    private static void requireUnique(Set<String> ids, String id) {
        if (!ids.add(id)) {
            throw new IllegalArgumentException("fulfillment option id " + id + " is configured twice");
        }
    }

    /** What a cart needs to get its options. */
    public record Cart(boolean requiresShipping, long itemsSubtotal, long weightGrams, QuoteAddress address) {}

    /**
     * An offered option, the destination its tax is taken at (null: untaxed) and its fee as configured (what the
     * buyer pays for it where prices include tax, else the amount before tax).
     */
    public record Offer(FulfillmentOptionQuote quote, QuoteAddress taxAddress, long fee) {}

    public List<Offer> offersFor(Cart cart, TaxPolicy taxes, Instant quotedAt) {
        if (!cart.requiresShipping()) {
            return List.of(new Offer(new FulfillmentOptionQuote(
                    DIGITAL_OPTION_ID, "digital", "Digital delivery", "Delivered electronically", null, null, null,
                    0, 0, 0), null, 0));
        }
        QuoteAddress address = cart.address() == null || cart.address().country() == null ? null : cart.address();
        List<TaxRule> buyerRules = taxes.rulesFor(address);
        List<Offer> shipping = new ArrayList<>();
        for (ShippingOption option : options) {
            boolean inZone = option.zoneIds().isEmpty()
                    || (address != null && option.zoneIds().stream().anyMatch(z -> zones.get(z).contains(address)));
            OptionalLong fee = option.feeFor(cart.itemsSubtotal(), cart.weightGrams());
            if (inZone && fee.isPresent()) {
                shipping.add(new Offer(shippingQuote(option, fee.getAsLong(), buyerRules, quotedAt), address,
                        fee.getAsLong()));
            }
        }
        shipping.sort(Comparator.comparingLong(o -> o.quote().total()));
        List<Offer> local = new ArrayList<>();
        for (LocalDeliveryOption option : localDeliveries) {
            if (option.serves(address)) {
                long fee = option.feeFor(cart.itemsSubtotal());
                TaxSheet.Split taxed = TaxSheet.fulfillment(buyerRules, fee);
                Instant start = quotedAt.plus(option.leadTime());
                local.add(new Offer(new FulfillmentOptionQuote(
                        option.id(), "local_delivery", option.title() == null ? "Local delivery" : option.title(),
                        "Delivered by " + (option.carrier() == null ? "our courier" : option.carrier())
                                + " within the delivery window",
                        option.carrier(), start, start.plus(option.window()), taxed.net(), taxed.tax(),
                        taxed.net() + taxed.tax(), null,
                        new ServiceArea(option.radiusMiles(), option.centerPostalCode())), address, fee));
            }
        }
        local.sort(Comparator.comparingLong(o -> o.quote().total()));
        List<Offer> offers = new ArrayList<>(shipping);
        offers.addAll(local);
        for (PickupLocation store : pickups) {
            List<TaxRule> storeRules = taxes.rulesFor(store.taxAddress());
            TaxSheet.Split taxed = TaxSheet.fulfillment(storeRules, store.fee());
            Instant readyBy = quotedAt.plus(store.readyIn());
            offers.add(new Offer(new FulfillmentOptionQuote(
                    store.id(), "pickup", "Pickup at " + store.name(),
                    pickupTypeText(store.pickupType()) + ", ready in " + hours(store), null, null, null,
                    taxed.net(), taxed.tax(), taxed.net() + taxed.tax(),
                    new PickupDetails(store.locationId(), store.name(), store.address(), store.phone(),
                            store.instructions(), store.pickupType(), readyBy, readyBy.plus(store.holdFor())),
                    null), store.taxAddress(), store.fee()));
        }
        return offers;
    }

    private static String pickupTypeText(String type) {
        switch (type) {
            case "curbside":
                return "Curbside pickup";
            case "locker":
                return "Locker pickup";
            default:
                return "In-store pickup";
        }
    }

    private static String hours(PickupLocation store) {
        long minutes = store.readyIn().toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }

    private static FulfillmentOptionQuote shippingQuote(
            ShippingOption option, long fee, List<TaxRule> rules, Instant quotedAt) {
        TaxSheet.Split taxed = TaxSheet.fulfillment(rules, fee);
        return new FulfillmentOptionQuote(
                option.id(),
                "shipping",
                option.title(),
                option.minDays() + "-" + option.maxDays() + " business days",
                option.carrier(),
                plusBusinessDays(quotedAt, option.minDays()),
                plusBusinessDays(quotedAt, option.maxDays()),
                taxed.net(),
                taxed.tax(),
                taxed.net() + taxed.tax());
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
