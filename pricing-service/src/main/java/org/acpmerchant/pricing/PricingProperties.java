package org.acpmerchant.pricing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.pricing.*}: where the catalog comes from, quote limits, stock reservation timing, tax rules, shipping
 * options and discounts. Amounts are integer minor units, tax rates parts per million.
 */
@ConfigurationProperties("acp.pricing")
public record PricingProperties(
        Catalog catalog,
        Limits limits,
        Stock stock,
        Tax tax,
        Shipping shipping,
        List<DiscountProperties> discounts,
        List<String> merchantApiTokens,
        FeedPush feedPush) {

    public PricingProperties {
        catalog = catalog == null ? new Catalog(null, null) : catalog;
        limits = limits == null ? new Limits(null, null) : limits;
        stock = stock == null ? new Stock(null, null, null) : stock;
        tax = tax == null ? new Tax(null) : tax;
        shipping = shipping == null ? new Shipping(null, null, null, null) : shipping;
        discounts = discounts == null ? List.of() : List.copyOf(discounts);
        merchantApiTokens = merchantApiTokens == null ? List.of() : List.copyOf(merchantApiTokens);
        feedPush = feedPush == null ? new FeedPush(null, null, null, null, null, null, null) : feedPush;
    }

    /**
     * {@code feedDir}: a directory with {@code metadata.json}, {@code products.jsonl}, {@code inventory.json}, checked
     * for changes every {@code reloadInterval}.
     */
    public record Catalog(String feedDir, Duration reloadInterval) {
        public Catalog {
            reloadInterval = reloadInterval == null ? Duration.ofMinutes(1) : reloadInterval;
        }
    }

    public record Limits(Integer maxQuantityPerLine, Integer lowStockThreshold) {
        public Limits {
            maxQuantityPerLine = maxQuantityPerLine == null ? 10 : maxQuantityPerLine;
            lowStockThreshold = lowStockThreshold == null ? 3 : lowStockThreshold;
        }
    }

    public record Stock(Duration reservationTtl, Duration sweepInterval, Integer listenerConcurrency) {
        public Stock {
            reservationTtl = reservationTtl == null ? Duration.ofMinutes(15) : reservationTtl;
            sweepInterval = sweepInterval == null ? Duration.ofSeconds(30) : sweepInterval;
            listenerConcurrency = listenerConcurrency == null ? 2 : listenerConcurrency;
        }
    }

    public record Tax(List<TaxRuleProperties> rules) {
        public Tax {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /**
     * One tax jurisdiction: {@code country}, optionally {@code region} and {@code postalPrefix} (a local area); all
     * matching rules stack. {@code ratePpm} parts per million; {@code jurisdiction} its name in the breakdown.
     * {@code pricesIncludeTax} (default false): prices and fees sold there already include the tax, which is extracted
     * (ADR 0019); all rules of one country must agree.
     */
    public record TaxRuleProperties(String country, String region, String postalPrefix, long ratePpm,
            String jurisdiction, boolean shippingTaxable, boolean pricesIncludeTax) {}

    /**
     * {@code zones}: destination zones for shipping rates; {@code options}: shipping services (optionally limited to
     * zones, priced by weight); {@code localDelivery}: couriers by postal code; {@code pickup}: stores.
     */
    public record Shipping(List<ShippingZoneProperties> zones, List<ShippingOptionProperties> options,
            List<LocalDeliveryProperties> localDelivery, List<PickupProperties> pickup) {
        public Shipping {
            zones = zones == null ? List.of() : List.copyOf(zones);
            options = options == null ? List.of() : List.copyOf(options);
            localDelivery = localDelivery == null ? List.of() : List.copyOf(localDelivery);
            pickup = pickup == null ? List.of() : List.copyOf(pickup);
        }
    }

    /** A zone: every non-empty list must match (countries ISO alpha-2, region codes, postal-code prefixes). */
    public record ShippingZoneProperties(
            String id, List<String> countries, List<String> regions, List<String> postalPrefixes) {}

    /**
     * {@code fee} flat, or by {@code weightRates} (first {@code maxGrams} ≥ cart weight; heavier: not offered);
     * {@code zones} (empty: everywhere).
     */
    public record ShippingOptionProperties(
            String id, String title, String carrier, long fee, int minDays, int maxDays, Long freeThreshold,
            List<String> zones, List<WeightRateProperties> weightRates) {}

    public record WeightRateProperties(long maxGrams, long fee) {}

    /** Local delivery to {@code postalCodes} (exact, or prefix ending in {@code *}), window lead-time + window. */
    public record LocalDeliveryProperties(
            String id, String title, String carrier, long fee, Long freeThreshold, String country,
            List<String> postalCodes, Integer radiusMiles, String centerPostalCode, Duration leadTime,
            Duration window) {}

    /** A pickup store; {@code id} is the fulfillment option id; {@code pickupType} in_store, curbside or locker. */
    public record PickupProperties(
            String id, String locationId, String name, PickupAddressProperties address, String phone,
            String instructions, String pickupType, Duration readyIn, Duration holdFor, Long fee) {}

    public record PickupAddressProperties(
            String name, String lineOne, String lineTwo, String city, String state, String country,
            String postalCode) {}

    /**
     * A discount ({@code code} unset: automatic): exactly one of {@code percentOff} and {@code amountOff} (with
     * {@code currency}); {@code minimumSubtotal} of the covered items; validity {@code [startsAt, endsAt)};
     * {@code usageLimit} redemptions of the code; {@code stackable} (default false: exclusive); {@code priority}
     * (default 1, lower first); {@code itemIds} (empty: all items).
     */
    public record DiscountProperties(
            String id,
            String code,
            String name,
            Integer percentOff,
            Long amountOff,
            String currency,
            Long minimumSubtotal,
            Instant startsAt,
            Instant endsAt,
            Long usageLimit,
            Boolean stackable,
            Integer priority,
            List<String> itemIds) {}

    /**
     * Pushing the catalog to the agent's Feed API: off while {@code baseUrl} is unset. Checked every
     * {@code checkInterval}; {@code batchSize} Products per PATCH; {@code maxAttempts} per call with exponential
     * backoff from {@code initialBackoff}.
     */
    public record FeedPush(String baseUrl, String token, String apiVersion, Integer batchSize, Integer maxAttempts,
            Duration initialBackoff, Duration checkInterval) {
        public FeedPush {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl;
            apiVersion = apiVersion == null ? "2026-04-17" : apiVersion;
            batchSize = batchSize == null ? 500 : batchSize;
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            checkInterval = checkInterval == null ? Duration.ofSeconds(30) : checkInterval;
        }

        public boolean enabled() {
            return baseUrl != null;
        }
    }
}
