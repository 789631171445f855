package org.acpmerchant.pricing.quote.domain;

/**
 * A tax rate for a country, or for one region of it when {@code region} is set, in parts per million
 * ({@code 72_500} = 7.25 %). Prices are tax-exclusive; tax is rounded half-up to the minor unit.
 */
public record TaxRule(String country, String region, long ratePpm, String jurisdiction, boolean shippingTaxable) {

    public TaxRule {
        if (country == null || country.isBlank()) {
            throw new IllegalArgumentException("a tax rule needs a country");
        }
        if (ratePpm < 0 || ratePpm > 1_000_000) {
            throw new IllegalArgumentException("rate-ppm must be within 0..1000000");
        }
        region = region == null || region.isBlank() ? null : region;
    }

    /** The tax on a non-negative {@code amount} in minor units, rounded half-up to the minor unit. */
    public long taxOn(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        return (Math.multiplyExact(amount, ratePpm) + 500_000) / 1_000_000;
    }

    boolean matches(String country, String region) {
        return this.country.equalsIgnoreCase(country) && (this.region == null || this.region.equalsIgnoreCase(region));
    }
}
