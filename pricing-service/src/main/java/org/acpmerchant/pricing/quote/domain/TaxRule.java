package org.acpmerchant.pricing.quote.domain;

import java.math.BigDecimal;
import java.util.Locale;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * One tax jurisdiction: a country, optionally one region of it, optionally a local area given by a postal-code
 * prefix (compared without spaces, case-insensitive), with its own rate in parts per million ({@code 72_500} =
 * 7.25 %). Every rule that matches a destination applies (country + region + local rates stack) and is a line of the
 * tax breakdown under {@code jurisdiction}. Tax is rounded half-up to the minor unit.
 *
 * <p>{@code pricesIncludeTax} (default false): the catalog prices (and fees, where {@code shippingTaxable}) sold to
 * this jurisdiction already include its tax, which {@link TaxSheet} extracts instead of adding it on top (ADR 0019).
 * All rules of one country must agree ({@link TaxPolicy} checks), so a destination is either tax-inclusive or
 * tax-exclusive as a whole.
 */
public record TaxRule(
        String country, String region, String postalPrefix, long ratePpm, String jurisdiction,
        boolean shippingTaxable, boolean pricesIncludeTax) {

    public TaxRule {
        if (country == null || country.isBlank()) {
            throw new IllegalArgumentException("a tax rule needs a country");
        }
        if (ratePpm < 0 || ratePpm > 1_000_000) {
            throw new IllegalArgumentException("rate-ppm must be within 0..1000000");
        }
        country = country.trim().toUpperCase(Locale.ROOT);
        region = region == null || region.isBlank() ? null : region.trim();
        postalPrefix = postalPrefix == null || postalPrefix.isBlank() ? null : normalizePostal(postalPrefix);
        if (jurisdiction == null || jurisdiction.isBlank()) {
            jurisdiction = country + (region == null ? "" : "-" + region)
                    + (postalPrefix == null ? "" : " " + postalPrefix);
        }
    }

    /** A tax-exclusive rule. */
    public TaxRule(String country, String region, String postalPrefix, long ratePpm, String jurisdiction,
            boolean shippingTaxable) {
        this(country, region, postalPrefix, ratePpm, jurisdiction, shippingTaxable, false);
    }

    /** A tax-exclusive country or region rule (no local postal area). */
    public TaxRule(String country, String region, long ratePpm, String jurisdiction, boolean shippingTaxable) {
        this(country, region, null, ratePpm, jurisdiction, shippingTaxable);
    }

    /** The tax on top of a non-negative {@code amount} in minor units, rounded half-up to the minor unit. */
    public long taxOn(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        return (Math.multiplyExact(amount, ratePpm) + 500_000) / 1_000_000;
    }

    /** The rate as an exact fraction ({@code 0.0725} for 7.25 %), for display only: money uses {@link #ratePpm}. */
    public BigDecimal rate() {
        return BigDecimal.valueOf(ratePpm, 6).stripTrailingZeros();
    }

    /** 0 for a country, 1 for a region, 2 for a local (postal) jurisdiction: the breakdown's order. */
    int level() {
        return postalPrefix != null ? 2 : region != null ? 1 : 0;
    }

    boolean matches(QuoteAddress address) {
        if (address == null || address.country() == null || !country.equalsIgnoreCase(address.country().trim())) {
            return false;
        }
        if (region != null && (address.state() == null || !region.equalsIgnoreCase(address.state().trim()))) {
            return false;
        }
        return postalPrefix == null
                || (address.postalCode() != null && normalizePostal(address.postalCode()).startsWith(postalPrefix));
    }

    static String normalizePostal(String postal) {
        return postal.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    }
}
