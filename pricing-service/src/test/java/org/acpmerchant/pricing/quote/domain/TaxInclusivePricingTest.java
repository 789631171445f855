package org.acpmerchant.pricing.quote.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PickupAddress;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteReply.TaxBreakdown;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.junit.jupiter.api.Test;

/**
 * Tax-inclusive prices ({@code prices-include-tax}, ADR 0019): the catalog price after discounts, and the fee where
 * shipping is taxed, is what the buyer pays; the included tax is extracted at the combined rate, rounded half-up, and
 * split over the jurisdictions by largest remainder.
 */
class TaxInclusivePricingTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final QuoteAddress BERLIN = new QuoteAddress("DE", null, "10115");
    static final QuoteAddress ZZ_CITY = new QuoteAddress("ZZ", "Z1", "12345");
    static final QuoteAddress NEW_YORK = new QuoteAddress("US", "NY", "10001");
    static final QuoteAddress SAN_FRANCISCO = new QuoteAddress("US", "CA", "94103");

    static final Map<String, QuoteItem> CATALOG = Stream.of(
                    item("shirt", 1190, true), item("mug", 999, true), item("gift", 2500, true),
                    item("lamp", 10_000, true), item("ebook", 1190, false))
            .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));

    /** Germany 19 % VAT, a made-up country ZZ with three stacked inclusive taxes, California tax-exclusive. */
    static final TaxPolicy TAXES = new TaxPolicy(List.of(
            new TaxRule("DE", null, null, 190_000, "Germany VAT", true, true),
            new TaxRule("ZZ", null, null, 50_000, "ZZ federal", true, true),
            new TaxRule("ZZ", "Z1", null, 70_000, "ZZ state", false, true),
            new TaxRule("ZZ", "Z1", "123", 15_000, "ZZ local", true, true),
            new TaxRule("US", "CA", 72_500, "California", false)));

    static final PickupLocation BERLIN_STORE = new PickupLocation("pickup-berlin", null, "Mitte store",
            new PickupAddress("Mitte store", "Unter den Linden 1", null, "Berlin", null, "DE", "10117"),
            null, null, "in_store", Duration.ofHours(2), Duration.ofDays(3), 200);

    static final ShippingPolicy FULFILLMENT = new ShippingPolicy(
            List.of(new ShippingZone("eu", Set.of("DE", "FR", "AT"), null, null),
                    new ShippingZone("zz", Set.of("ZZ"), null, null),
                    new ShippingZone("us", Set.of("US"), null, null)),
            List.of(new ShippingOption("dhl", "DHL Paket", "DHL", 499, 1, 3, 5000L, Set.of("eu"), List.of()),
                    new ShippingOption("zz-post", "ZZ Post", "ZZ Post", 1000, 2, 4, null, Set.of("zz"), List.of()),
                    new ShippingOption("usps", "Standard", "USPS", 500, 5, 7, null, Set.of("us"), List.of())),
            List.of(),
            List.of(BERLIN_STORE));

    static final DiscountPolicy SAVE10 = new DiscountPolicy(List.of(new DiscountRule(
            "d_save10", "SAVE10", null, 10, null, null, 0, null, null, null, true, 1, Set.of())));

    final QuoteCalculator calculator = new QuoteCalculator(TAXES, FULFILLMENT, new QuoteLimits(10, 3), SAVE10);

    static QuoteItem item(String id, long price, boolean shipping) {
        return new QuoteItem(id, "Title " + id, null, null, price, "EUR", shipping, 1000, 100);
    }

    QuoteReply quote(QuoteAddress address, String option, List<String> codes, QuoteLine... lines) {
        return calculator.quote(new QuoteRequest("qr_1", "cs_1", "eur", List.of(lines), address, option, codes),
                CATALOG, Set.of("EUR"), NOW);
    }

    static QuoteTotal total(QuoteReply reply, String type) {
        return reply.totals().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow();
    }

    static long amount(QuoteReply reply, String type) {
        return reply.totals().stream().filter(t -> t.type().equals(type)).mapToLong(QuoteTotal::amount).sum();
    }

    static FulfillmentOptionQuote option(QuoteReply reply, String id) {
        return reply.fulfillmentOptions().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void vat19_on11_90gross_is1_90tax_and10_00net_andTheTaxedFeeIsGrossToo() {
        QuoteReply reply = quote(BERLIN, null, null, new QuoteLine("shirt", 1));

        assertThat(reply.lines()).extracting(PricedLine::unitAmount, PricedLine::baseAmount, PricedLine::discount,
                        PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(1190L, 1190L, 0L, 1000L, 190L, 1190L));
        // DHL 4.99 gross, Germany taxes shipping: 4.99 × 19/119 = 0.7967 → 0.80, net 4.19
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("dhl");
        FulfillmentOptionQuote dhl = option(reply, "dhl");
        assertThat(List.of(dhl.subtotal(), dhl.tax(), dhl.total())).containsExactly(419L, 80L, 499L);
        assertThat(reply.totals()).extracting(QuoteTotal::type, QuoteTotal::amount).containsExactly(
                tuple("items_base_amount", 1190L),
                tuple("subtotal", 1000L),
                tuple("fulfillment", 419L),
                tuple("tax", 270L),
                tuple("total", 1689L)); // = 11.90 + 4.99, what the buyer pays
        assertThat(total(reply, "tax").breakdown())
                .extracting(TaxBreakdown::jurisdiction, TaxBreakdown::rate, TaxBreakdown::amount)
                .containsExactly(tuple("Germany VAT", new BigDecimal("0.19"), 270L));
    }

    @Test
    void threeUnitLine_extractsTheTaxOnceFromTheLineGross() {
        // 3 × 9.99 = 29.97 gross: 29.97 × 19/119 = 4.7851 → 4.79 (per unit it would be 3 × 1.60 = 4.80)
        QuoteReply reply = quote(BERLIN, null, null, new QuoteLine("mug", 3));

        assertThat(reply.lines()).extracting(PricedLine::baseAmount, PricedLine::subtotal, PricedLine::tax,
                PricedLine::total).containsExactly(tuple(2997L, 2518L, 479L, 2997L));
        assertThat(amount(reply, "total")).isEqualTo(2997 + 499);
    }

    @Test
    void discount_isTakenOffTheGross_beforeTheTaxIsExtracted() {
        // 10 % of 29.97 = 2.997 → 3.00; gross 26.97 × 19/119 = 4.3061 → 4.31, net 22.66
        QuoteReply reply = quote(BERLIN, null, List.of("save10"), new QuoteLine("mug", 3));

        assertThat(reply.lines()).extracting(PricedLine::baseAmount, PricedLine::discount, PricedLine::subtotal,
                PricedLine::tax, PricedLine::total).containsExactly(tuple(2997L, 300L, 2266L, 431L, 2697L));
        assertThat(reply.totals()).extracting(QuoteTotal::type, QuoteTotal::amount).containsExactly(
                tuple("items_base_amount", 2997L),
                tuple("items_discount", 300L),
                tuple("subtotal", 2266L), // items_base_amount − items_discount − line tax
                tuple("fulfillment", 419L),
                tuple("tax", 431L + 80),
                tuple("total", 2697L + 499));
    }

    @Test
    void stackedInclusiveJurisdictions_splitTheExtractedTax_byLargestRemainder() {
        // 100.00 gross at 5 % + 7 % + 1.5 % = 13.5 %: 10000 × 0.135/1.135 = 1189.43 → 1189
        //   split 50:70:15 → 440.37, 616.52, 132.11: floors 440 + 616 + 132 = 1188, the cent left to 616.52 → 617
        // ZZ Post 10.00 taxed by federal and local only (6.5 %): 1000 × 0.065/1.065 = 61.03 → 61
        //   split 50:15 → 46.92, 14.08: floors 46 + 14 = 60, the cent left to 46.92 → 47
        QuoteReply reply = quote(ZZ_CITY, null, null, new QuoteLine("lamp", 1));

        assertThat(reply.lines()).extracting(PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(8811L, 1189L, 10_000L));
        FulfillmentOptionQuote post = option(reply, "zz-post");
        assertThat(List.of(post.subtotal(), post.tax(), post.total())).containsExactly(939L, 61L, 1000L);
        QuoteTotal tax = total(reply, "tax");
        assertThat(tax.breakdown()).extracting(TaxBreakdown::jurisdiction, TaxBreakdown::amount).containsExactly(
                tuple("ZZ federal", 440L + 47), tuple("ZZ state", 617L), tuple("ZZ local", 132L + 14));
        assertThat(tax.amount()).isEqualTo(1189 + 61);
        assertThat(amount(reply, "total")).isEqualTo(11_000);
    }

    @Test
    void largestRemainder_tiesGoToTheEarlierJurisdiction_andZeroRatesGetNothing() {
        // 10.01 at 10 % + 10 %: 1001 × 0.2/1.2 = 166.83 → 167 = 83.5 + 83.5 → 84 (first) + 83
        assertThat(TaxSheet.includedTax(1001, 200_000)).isEqualTo(167);
        assertThat(TaxSheet.largestRemainder(167, new long[] {100_000, 100_000}, 200_000)).containsExactly(84, 83);
        assertThat(TaxSheet.largestRemainder(167, new long[] {0, 100_000, 0, 100_000}, 200_000))
                .containsExactly(0, 84, 0, 83);
        var sheet = new TaxSheet(List.of(new TaxRule("YY", null, null, 100_000, "A", true, true),
                new TaxRule("YY", null, null, 0, "zero", true, true),
                new TaxRule("YY", null, null, 100_000, "B", true, true)));
        assertThat(sheet.taxLine(1001)).isEqualTo(new TaxSheet.Split(834, 167));
        assertThat(sheet.breakdown()).extracting(TaxBreakdown::amount).containsExactly(84L, 0L, 83L);
    }

    @Test
    void includedTax_isRoundedHalfUp_inExactIntegerArithmetic() {
        assertThat(TaxSheet.includedTax(1190, 190_000)).isEqualTo(190);
        assertThat(TaxSheet.includedTax(4, 190_000)).isEqualTo(1); // 0.6387
        assertThat(TaxSheet.includedTax(3, 190_000)).isZero(); // 0.4790
        assertThat(TaxSheet.includedTax(1, 1_000_000)).isEqualTo(1); // exactly 0.5 → up
        assertThat(TaxSheet.includedTax(3, 1_000_000)).isEqualTo(2); // 1.5 → 2
        assertThat(TaxSheet.includedTax(0, 190_000)).isZero();
        assertThat(TaxSheet.includedTax(12_345, 0)).isZero();
        long huge = Long.MAX_VALUE / 2;
        assertThat(TaxSheet.includedTax(huge, 190_000)).isEqualTo(BigDecimal.valueOf(huge)
                .multiply(BigDecimal.valueOf(190_000)).divide(BigDecimal.valueOf(1_190_000), 0, RoundingMode.HALF_UP)
                .longValueExact());
    }

    @Test
    void sameCatalog_isTaxExclusive_whereTheRulesSaySo() {
        // San Francisco: 11.90 + 7.25 % = 0.86275 → 0.86 on top; USPS not taxed in California
        QuoteReply reply = quote(SAN_FRANCISCO, null, null, new QuoteLine("shirt", 1));

        assertThat(reply.lines()).extracting(PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(1190L, 86L, 1276L));
        assertThat(option(reply, "usps").subtotal()).isEqualTo(500);
        assertThat(amount(reply, "total")).isEqualTo(1190 + 86 + 500);
        // New York: no rule at all, so no tax either way
        assertThat(amount(quote(NEW_YORK, null, null, new QuoteLine("shirt", 1)), "tax")).isZero();
    }

    @Test
    void withoutAddress_thereIsNoTax_andTheSubtotalIsTheGross() {
        QuoteReply reply = quote(null, null, null, new QuoteLine("ebook", 1));

        assertThat(reply.lines()).extracting(PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(1190L, 0L, 1190L));
        assertThat(amount(reply, "total")).isEqualTo(1190);
        // with the German address the total stays 11.90: only its split changes
        QuoteReply berlin = quote(BERLIN, null, null, new QuoteLine("ebook", 1));
        assertThat(List.of(amount(berlin, "subtotal"), amount(berlin, "tax"), amount(berlin, "total")))
                .containsExactly(1000L, 190L, 1190L);
    }

    @Test
    void pickupInAnInclusiveCountry_isTaxedAtTheStore_feeIncluded() {
        // a New York buyer collecting in Berlin: German VAT, the 2.00 pickup fee includes 0.32
        QuoteReply reply = quote(NEW_YORK, "pickup-berlin", null, new QuoteLine("shirt", 1));

        FulfillmentOptionQuote pickup = option(reply, "pickup-berlin");
        assertThat(List.of(pickup.subtotal(), pickup.tax(), pickup.total())).containsExactly(168L, 32L, 200L);
        assertThat(reply.totals()).extracting(QuoteTotal::type, QuoteTotal::amount).containsExactly(
                tuple("items_base_amount", 1190L),
                tuple("subtotal", 1000L),
                tuple("fulfillment", 168L),
                tuple("tax", 190L + 32),
                tuple("total", 1390L));
    }

    @Test
    void freeShippingThreshold_comparesTheDiscountedGross() {
        // 2 × 25.00 = 50.00 gross (42.02 net) reaches DHL's 50.00 threshold
        QuoteReply free = quote(BERLIN, null, null, new QuoteLine("gift", 2));
        assertThat(List.of(option(free, "dhl").subtotal(), option(free, "dhl").tax())).containsExactly(0L, 0L);
        assertThat(amount(free, "total")).isEqualTo(5000);
        // 10 % off: 45.00 gross, below the threshold again
        QuoteReply paid = quote(BERLIN, null, List.of("SAVE10"), new QuoteLine("gift", 2));
        assertThat(option(paid, "dhl").total()).isEqualTo(499);
        assertThat(amount(paid, "total")).isEqualTo(4500 + 499);
    }

    @Test
    void rulesOfOneCountry_mustAgreeOnPricesIncludeTax() {
        assertThatThrownBy(() -> new TaxPolicy(List.of(
                new TaxRule("ZZ", null, null, 50_000, "federal", true, true),
                new TaxRule("ZZ", "Z1", null, 70_000, "state", false, false))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ZZ").hasMessageContaining("prices-include-tax");
        // different countries may differ (TAXES mixes Germany and California), and the default is exclusive
        assertThat(new TaxRule("US", "CA", 72_500, "California", false).pricesIncludeTax()).isFalse();
        assertThat(new TaxRule("US", "CA", null, 72_500, "California", false).pricesIncludeTax()).isFalse();
    }

    /**
     * Property: over random carts, random stacked jurisdictions with a random mode per country, destinations,
     * selections (pickup included) and a discount, every identity holds in both modes, inclusive lines and fees are
     * gross, the extracted tax matches an independent {@link BigDecimal} computation and nothing is negative.
     */
    @Test
    void randomCarts_inBothModes_totalsAddUp_breakdownsSumExactly_linesAreGross_andNothingIsNegative() {
        Random random = new Random(20261130);
        List<QuoteAddress> addresses = List.of(BERLIN, new QuoteAddress("DE", "BY", "80331"),
                new QuoteAddress("FR", null, "75001"), new QuoteAddress("AT", null, "1010"), ZZ_CITY,
                new QuoteAddress("ZZ", "Z2", "55555"), SAN_FRANCISCO, NEW_YORK);
        List<String> countries = List.of("DE", "FR", "AT", "ZZ", "US");
        Map<String, PickupLocation> stores = Map.of(BERLIN_STORE.id(), BERLIN_STORE);
        List<String> options = List.of("dhl", "zz-post", "usps", "pickup-berlin", "nope");
        List<String> ids = List.copyOf(CATALOG.keySet());
        DiscountPolicy discounts = new DiscountPolicy(List.of(
                new DiscountRule("p", "PCT", null, 15, null, null, 0, null, null, null, true, 1, Set.of()),
                new DiscountRule("a", "AMT", null, null, 777L, "EUR", 0, null, null, null, true, 2, Set.of())));
        int inclusiveCarts = 0;
        int exclusiveCarts = 0;
        TaxPolicy policy = null;
        QuoteCalculator randomTaxes = null;
        for (int n = 0; n < 5000; n++) {
            if (n % 50 == 0) {
                Map<String, Boolean> inclusive = new HashMap<>();
                countries.forEach(c -> inclusive.put(c, random.nextInt(3) != 0));
                List<TaxRule> rules = new ArrayList<>();
                for (int r = 0, count = 1 + random.nextInt(10); r < count; r++) {
                    QuoteAddress a = addresses.get(random.nextInt(addresses.size()));
                    rules.add(new TaxRule(a.country(), random.nextBoolean() ? a.state() : null,
                            random.nextInt(3) == 0 ? a.postalCode().substring(0, 2) : null,
                            random.nextInt(5) == 0 ? 0 : random.nextInt(300_001), "J" + r, random.nextBoolean(),
                            inclusive.get(a.country())));
                }
                policy = new TaxPolicy(rules);
                randomTaxes = new QuoteCalculator(policy, FULFILLMENT, new QuoteLimits(10, 3), discounts);
            }
            List<QuoteLine> lines = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(6); i < size; i++) {
                lines.add(new QuoteLine(ids.get(random.nextInt(ids.size())), 1 + random.nextInt(8)));
            }
            boolean cheap = random.nextInt(4) == 0;
            Map<String, QuoteItem> catalog = CATALOG.values().stream()
                    .map(item -> new QuoteItem(item.itemId(), item.title(), null, null,
                            cheap ? random.nextInt(5) : random.nextInt(500_000), "EUR", item.requiresShipping(),
                            1000, random.nextInt(4000)))
                    .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));
            QuoteAddress address = random.nextInt(8) == 0 ? null : addresses.get(random.nextInt(addresses.size()));
            List<String> codes = switch (random.nextInt(4)) {
                case 0 -> List.of("pct");
                case 1 -> List.of("amt");
                case 2 -> List.of("pct", "amt");
                default -> List.of();
            };
            QuoteReply reply = randomTaxes.quote(new QuoteRequest("qr", "cs", "eur", lines, address,
                    options.get(random.nextInt(options.size())), codes), catalog, Set.of("EUR"), NOW);

            FulfillmentOptionQuote selected = reply.fulfillmentOptions().stream()
                    .filter(o -> o.id().equals(reply.selectedFulfillmentOptionId())).findFirst().orElse(null);
            QuoteAddress taxAddress = selected != null && selected.type().equals("pickup")
                    ? stores.get(selected.id()).taxAddress() : address;
            List<TaxRule> rules = policy.rulesFor(taxAddress);
            boolean inclusive = !rules.isEmpty() && rules.get(0).pricesIncludeTax();
            long allRates = rules.stream().mapToLong(TaxRule::ratePpm).sum();
            long shippingRates = rules.stream().filter(TaxRule::shippingTaxable).mapToLong(TaxRule::ratePpm).sum();
            if (inclusive) {
                inclusiveCarts++;
            } else {
                exclusiveCarts++;
            }

            long subtotal = amount(reply, "subtotal");
            long fulfillment = amount(reply, "fulfillment");
            QuoteTotal tax = total(reply, "tax");
            assertThat(amount(reply, "total")).isEqualTo(subtotal + fulfillment + tax.amount());
            assertThat(tax.breakdown().stream().mapToLong(TaxBreakdown::amount).sum()).isEqualTo(tax.amount());
            assertThat(tax.breakdown()).extracting(TaxBreakdown::jurisdiction)
                    .containsExactlyElementsOf(rules.stream().map(TaxRule::jurisdiction).toList());
            assertThat(tax.breakdown()).allSatisfy(b -> assertThat(b.amount()).isNotNegative());
            long lineTax = reply.lines().stream().mapToLong(PricedLine::tax).sum();
            assertThat(tax.amount()).isEqualTo(lineTax + (selected == null ? 0 : selected.tax()));
            assertThat(fulfillment).isEqualTo(selected == null ? 0 : selected.subtotal());
            long gross = 0;
            for (PricedLine line : reply.lines()) {
                long discounted = line.baseAmount() - line.discount();
                gross += discounted;
                assertThat(line.total()).isEqualTo(line.subtotal() + line.tax());
                assertThat(line.tax()).isNotNegative();
                assertThat(line.subtotal()).isNotNegative();
                if (inclusive) {
                    assertThat(line.total()).isEqualTo(discounted);
                    assertThat(line.tax()).isEqualTo(included(discounted, allRates));
                } else {
                    assertThat(line.subtotal()).isEqualTo(discounted);
                    assertThat(line.tax()).isEqualTo(rules.stream().mapToLong(r -> onTop(discounted, r)).sum());
                }
            }
            long itemsBase = amount(reply, "items_base_amount");
            long itemsDiscount = amount(reply, "items_discount");
            if (inclusive) {
                assertThat(subtotal).isEqualTo(itemsBase - itemsDiscount - lineTax);
                long fee = selected == null ? 0 : selected.total();
                assertThat(amount(reply, "total")).isEqualTo(gross + fee); // what the buyer pays
                if (selected != null && taxAddress != null) {
                    assertThat(selected.tax()).isEqualTo(included(fee, shippingRates));
                }
            } else {
                assertThat(subtotal).isEqualTo(itemsBase - itemsDiscount);
            }
            assertThat(reply.totals()).allSatisfy(t -> assertThat(t.amount()).isNotNegative());
            assertThat(reply.fulfillmentOptions()).allSatisfy(o -> {
                assertThat(o.total()).isEqualTo(o.subtotal() + o.tax());
                assertThat(o.subtotal()).isNotNegative();
                assertThat(o.tax()).isNotNegative();
            });
            // each jurisdiction gets its proportional part of every extracted tax, less than one unit off per amount
            if (inclusive) {
                List<long[]> taxed = new ArrayList<>(); // {tax, combined rate, is fee}
                reply.lines().forEach(l -> taxed.add(new long[] {l.tax(), allRates, 0}));
                if (selected != null && selected.tax() > 0) {
                    taxed.add(new long[] {selected.tax(), shippingRates, 1});
                }
                for (int j = 0; j < rules.size(); j++) {
                    TaxRule rule = rules.get(j);
                    BigDecimal exact = BigDecimal.ZERO;
                    for (long[] t : taxed) {
                        if (t[1] > 0 && (t[2] == 0 || rule.shippingTaxable())) {
                            exact = exact.add(BigDecimal.valueOf(t[0]).multiply(BigDecimal.valueOf(rule.ratePpm()))
                                    .divide(BigDecimal.valueOf(t[1]), 20, RoundingMode.HALF_EVEN));
                        }
                    }
                    BigDecimal off = BigDecimal.valueOf(tax.breakdown().get(j).amount()).subtract(exact).abs();
                    assertThat(off).isLessThan(BigDecimal.valueOf(taxed.size()));
                }
            }
        }
        assertThat(inclusiveCarts).isGreaterThan(1000);
        assertThat(exclusiveCarts).isGreaterThan(1000);
    }

    /** The tax included in a gross amount, computed independently: {@code gross × R / (10⁶ + R)}, half-up. */
    static long included(long gross, long ratePpm) {
        return new BigDecimal(BigInteger.valueOf(gross).multiply(BigInteger.valueOf(ratePpm)))
                .divide(BigDecimal.valueOf(1_000_000 + ratePpm), 0, RoundingMode.HALF_UP).longValueExact();
    }

    static long onTop(long net, TaxRule rule) {
        return BigDecimal.valueOf(net).multiply(BigDecimal.valueOf(rule.ratePpm()))
                .divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
