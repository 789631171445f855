package org.acpmerchant.pricing.whatif;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acpmerchant.pricing.whatif.infrastructure.YamlCandidateRules;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.events.quote.RecordedQuote;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.application.PriceCatalog;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.acpmerchant.pricing.quote.application.PricingRules;
import org.acpmerchant.pricing.whatif.application.CandidatePricing;

/**
 * A merchant's rules today (US sales taxes, one that taxes shipping, German VAT included in prices, flat, free-over
 * and weight-rated shipping, a store for pickup, an automatic and a code discount) and a family of checkouts priced
 * by them, as checkout-api would have recorded them.
 */
public final class WhatIfFixtures {

    public static final String TODAY = """
            tax:
              rules:
                - {country: US, region: CA, rate-ppm: 72500, jurisdiction: California, shipping-taxable: false}
                - {country: US, region: CA, postal-prefix: "900", rate-ppm: 22500, jurisdiction: Los Angeles County}
                - {country: US, region: NY, rate-ppm: 88750, jurisdiction: New York, shipping-taxable: true}
                - {country: US, region: TX, rate-ppm: 62500, jurisdiction: Texas, shipping-taxable: true}
                - {country: DE, rate-ppm: 190000, jurisdiction: Germany VAT, shipping-taxable: true, prices-include-tax: true}
            shipping:
              zones:
                - {id: us, countries: [US]}
              options:
                - {id: standard, title: Standard shipping, carrier: USPS, fee: 500, min-days: 5, max-days: 7, free-threshold: 5000}
                - {id: express, title: Express shipping, carrier: UPS, fee: 1500, min-days: 1, max-days: 2}
                - id: ground
                  title: Ground
                  carrier: UPS
                  min-days: 3
                  max-days: 5
                  zones: [us]
                  weight-rates: [{max-grams: 1000, fee: 600}, {max-grams: 5000, fee: 1100}]
              pickup:
                - id: pickup-la
                  location-id: store_la
                  name: Downtown store
                  pickup-type: in_store
                  ready-in: PT2H
                  hold-for: P3D
                  address: {line-one: 1 Main St, city: Los Angeles, state: CA, country: US, postal-code: "90012"}
            discounts:
              - {id: d_winter, name: Winter sale, percent-off: 5, starts-at: "2026-12-01T00:00:00Z", ends-at: "2027-01-01T00:00:00Z"}
              - {id: d_save10, code: SAVE10, percent-off: 10, minimum-subtotal: 2000, usage-limit: 100, stackable: true}
            """;

    public static final List<QuoteItem> ITEMS = List.of(
            item("tee", 1999, "USD", true, 250), item("mug", 1250, "USD", true, 600),
            item("ebook", 999, "USD", false, 0), item("pack", 8900, "USD", true, 2400),
            item("lamp", 4599, "USD", true, 3200), item("tee-eu", 2499, "EUR", true, 250),
            item("guide-eu", 1500, "EUR", false, 0));
    public static final Map<String, QuoteItem> CATALOG = ITEMS.stream()
            .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));

    private static final List<QuoteAddress> US = List.of(new QuoteAddress("US", "CA", "94103"),
            new QuoteAddress("US", "CA", "90012"), new QuoteAddress("US", "NY", "10001"),
            new QuoteAddress("US", "TX", "73301"), new QuoteAddress("US", "OR", "97201"));
    private static final List<String> OPTIONS = java.util.Arrays.asList(null, "standard", "express", "ground",
            "pickup-la");
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    private WhatIfFixtures() {}

    public static QuoteItem item(String id, long price, String currency, boolean shipping, long grams) {
        return new QuoteItem(id, "Title " + id, "About " + id, "https://img/" + id, price, currency, shipping, 1_000,
                grams);
    }

    public static PricingProperties today() {
        PricingProperties none = new PricingProperties(null, null, null, null, null, null, null, null);
        return new CandidatePricing(none, new YamlCandidateRules()).properties(TODAY);
    }

    public static QuoteCalculator todaysCalculator() {
        return PricingRules.calculator(today());
    }

    /** The catalog pricing reads weights from (the recorded quotes carry prices, not weights). */
    public static PriceCatalog catalog() {
        return new PriceCatalog() {
            @Override
            public Set<String> currencies() {
                return Set.of("USD", "EUR");
            }

            @Override
            public Map<String, QuoteItem> findItems(Collection<String> itemIds) {
                return itemIds.stream().filter(CATALOG::containsKey)
                        .collect(Collectors.toMap(Function.identity(), CATALOG::get));
            }
        };
    }

    /** {@code count} checkouts over November and December 2026, priced by today's rules as they were recorded. */
    public static List<RecordedQuote> recorded(int count, long seed) {
        QuoteCalculator today = todaysCalculator();
        Random random = new Random(seed);
        List<RecordedQuote> recorded = new ArrayList<>();
        while (recorded.size() < count) {
            boolean euro = random.nextInt(6) == 0;
            List<QuoteItem> sold = ITEMS.stream().filter(i -> i.currency().equals(euro ? "EUR" : "USD")).toList();
            List<QuoteLine> lines = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                QuoteItem item = sold.get(random.nextInt(sold.size()));
                if (lines.stream().noneMatch(l -> l.itemId().equals(item.itemId()))) {
                    lines.add(new QuoteLine(item.itemId(), 1 + random.nextInt(4)));
                }
            }
            QuoteAddress address = euro ? new QuoteAddress("DE", null, "10115")
                    : random.nextInt(10) == 0 ? null : US.get(random.nextInt(US.size()));
            String option = euro ? null : OPTIONS.get(random.nextInt(OPTIONS.size()));
            List<String> codes = switch (random.nextInt(4)) {
                case 0 -> List.of("SAVE10");
                case 1 -> List.of("NOPE");
                default -> List.of();
            };
            Instant at = START.plus(Duration.ofMinutes(random.nextInt(61 * 24 * 60)));
            String id = "cs_" + seed + "_" + recorded.size();
            QuoteRequest request = new QuoteRequest(id, id, euro ? "eur" : "usd", lines, address, option, codes);
            Map<String, QuoteItem> items = lines.stream().map(l -> CATALOG.get(l.itemId()))
                    .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));
            QuoteReply quote = today.quote(request, items, Set.of("USD", "EUR"), at);
            if (quote.rejection() == null) {
                recorded.add(new RecordedQuote(id, random.nextBoolean() ? "completed" : "ready_for_payment", at,
                        request, quote));
            }
        }
        return recorded;
    }

    public static Stream<RecordedQuote> stream(int count, long seed) {
        return recorded(count, seed).stream();
    }
}
