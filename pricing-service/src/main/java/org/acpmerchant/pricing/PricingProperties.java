package org.acpmerchant.pricing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.pricing.*}: where the catalog comes from, quote limits, stock reservation timing, tax rules and shipping
 * options. Amounts are integer minor units, tax rates parts per million.
 */
@ConfigurationProperties("acp.pricing")
public record PricingProperties(Catalog catalog, Limits limits, Stock stock, Tax tax, Shipping shipping) {

    public PricingProperties {
        catalog = catalog == null ? new Catalog(null, null) : catalog;
        limits = limits == null ? new Limits(null, null) : limits;
        stock = stock == null ? new Stock(null, null, null) : stock;
        tax = tax == null ? new Tax(null) : tax;
        shipping = shipping == null ? new Shipping(null) : shipping;
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
}
