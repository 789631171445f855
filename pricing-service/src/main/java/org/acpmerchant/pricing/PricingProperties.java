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
        shipping = shipping == null ? new Shipping(null) : shipping;
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

    public record TaxRuleProperties(
            String country, String region, long ratePpm, String jurisdiction, boolean shippingTaxable) {}

    public record Shipping(List<ShippingOptionProperties> options) {
        public Shipping {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record ShippingOptionProperties(
            String id, String title, String carrier, long fee, int minDays, int maxDays, Long freeThreshold) {}

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
