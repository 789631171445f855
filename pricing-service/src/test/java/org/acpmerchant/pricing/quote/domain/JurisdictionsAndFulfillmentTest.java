package org.acpmerchant.pricing.quote.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteReply.TaxBreakdown;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.junit.jupiter.api.Test;

/** Tax jurisdictions with breakdowns, shipping zones and weights, local delivery and pickup (ADR 0019). */
class JurisdictionsAndFulfillmentTest {

    // Wednesday
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final QuoteAddress VANCOUVER = new QuoteAddress("CA", "BC", "V6B 1A1");
    static final QuoteAddress VICTORIA = new QuoteAddress("CA", "BC", "V8W 1P6");
    static final QuoteAddress TORONTO = new QuoteAddress("CA", "ON", "M5V 2T6");
    static final QuoteAddress LOS_ANGELES = new QuoteAddress("US", "CA", "90012");
    static final QuoteAddress SAN_FRANCISCO = new QuoteAddress("US", "CA", "94103");
    static final QuoteAddress NEW_YORK = new QuoteAddress("US", "NY", "10001");
    static final QuoteAddress BERLIN = new QuoteAddress("DE", null, "10115");

    static final QuoteItem TEE = item("tee", 1999, true, 200);
    static final QuoteItem KETTLE = item("kettle", 4550, true, 1800);
    static final QuoteItem EBOOK = item("ebook", 999, false, 0);
    static final Map<String, QuoteItem> CATALOG = Stream.of(TEE, KETTLE, EBOOK)
            .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));

    static final TaxPolicy TAXES = new TaxPolicy(List.of(
            new TaxRule("CA", null, null, 50_000, "Canada GST", true),
            new TaxRule("CA", "BC", null, 70_000, "British Columbia PST", false),
            new TaxRule("CA", "BC", "V6B", 15_000, "Vancouver levy", true),
            new TaxRule("US", "CA", null, 60_000, "California", false),
            new TaxRule("US", "CA", "900", 35_000, "Los Angeles County", false),
            new TaxRule("US", "NY", null, 88_750, "New York", true)));

    static final PickupLocation SF_STORE = new PickupLocation("pickup-sf", "store_sf", "Market Street store",
            new PickupAddress("Market Street store", "1 Market St", null, "San Francisco", "CA", "US", "94105"),
            "+1 415 555 0100", "Ask at the front desk", "in_store", Duration.ofHours(2), Duration.ofDays(3), 0);
    static final PickupLocation LA_CURBSIDE = new PickupLocation("pickup-la", "store_la", "Downtown LA",
            new PickupAddress("Downtown LA", "200 Spring St", null, "Los Angeles", "CA", "US", "90012"),
            null, null, "curbside", Duration.ofMinutes(90), Duration.ofDays(2), 100);

    static final ShippingPolicy FULFILLMENT = new ShippingPolicy(
            List.of(new ShippingZone("domestic", Set.of("US"), null, null),
                    new ShippingZone("west", Set.of("US"), Set.of("CA", "OR", "WA"), null),
                    new ShippingZone("canada", Set.of("CA"), null, null)),
            List.of(new ShippingOption("standard", "Standard", "USPS", 0, 5, 7, 10_000L, Set.of("domestic"),
                            List.of(new ShippingOption.WeightRate(1000, 500),
                                    new ShippingOption.WeightRate(5000, 900),
                                    new ShippingOption.WeightRate(20_000, 2500))),
                    new ShippingOption("two-day-west", "Two-day (West)", "UPS", 1200, 2, 2, null, Set.of("west"),
                            List.of()),
                    new ShippingOption("canada-post", "Canada Post", "Canada Post", 1500, 4, 8, null,
                            Set.of("canada"), List.of())),
            List.of(new LocalDeliveryOption("courier-sf", "Same-day courier", "SF Couriers", 899, 20_000L, "US",
                    List.of("94103", "94105", "941*"), 10, "94103", Duration.ofHours(3), Duration.ofHours(2))),
            List.of(SF_STORE, LA_CURBSIDE));

    final QuoteCalculator calculator = new QuoteCalculator(TAXES, FULFILLMENT, new QuoteLimits(10, 3));

    static QuoteItem item(String id, long price, boolean shipping, long weight) {
        return new QuoteItem(id, "Title " + id, null, null, price, "USD", shipping, 1000, weight);
    }

    static QuoteRequest request(QuoteAddress address, String option, QuoteLine... lines) {
        return new QuoteRequest("qr_1", "cs_1", "usd", List.of(lines), address, option, null);
    }

    QuoteReply quote(QuoteAddress address, String option, QuoteLine... lines) {
        return calculator.quote(request(address, option, lines), CATALOG, Set.of("USD"), NOW);
    }

    static QuoteTotal total(QuoteReply reply, String type) {
        return reply.totals().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow();
    }

    static FulfillmentOptionQuote option(QuoteReply reply, String id) {
        return reply.fulfillmentOptions().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void jurisdictions_stack_countryRegionLocal_eachRoundedHalfUpPerLine_breakdownSumsToTheTotal() {
        // 2 × 1999 = 3998: GST 5 % = 199.9 → 200, PST 7 % = 279.86 → 280, levy 1.5 % = 59.97 → 60
        // 4550: GST 227.5 → 228, PST 318.5 → 319, levy 68.25 → 68
        // canada-post 1500 (shipping taxed by GST and the levy): 75 + 22.5 → 23
        QuoteReply reply = quote(VANCOUVER, null, new QuoteLine("tee", 2), new QuoteLine("kettle", 1));

        assertThat(reply.lines()).extracting(PricedLine::tax).containsExactly(200L + 280 + 60, 228L + 319 + 68);
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("canada-post");
        assertThat(option(reply, "canada-post").tax()).isEqualTo(75 + 23);
        QuoteTotal tax = total(reply, "tax");
        assertThat(tax.breakdown()).extracting(TaxBreakdown::jurisdiction, TaxBreakdown::rate, TaxBreakdown::amount)
                .containsExactly(
                        tuple("Canada GST", new BigDecimal("0.05"), 200L + 228 + 75),
                        tuple("British Columbia PST", new BigDecimal("0.07"), 280L + 319),
                        tuple("Vancouver levy", new BigDecimal("0.015"), 60L + 68 + 23));
        assertThat(tax.amount()).isEqualTo(540 + 615 + 98);
        assertThat(tax.displayText()).isEqualTo("Tax (Canada GST, British Columbia PST, Vancouver levy)");

        // Victoria: no local levy; Toronto: GST only
        assertThat(total(quote(VICTORIA, null, new QuoteLine("tee", 2)), "tax").breakdown())
                .extracting(TaxBreakdown::jurisdiction).containsExactly("Canada GST", "British Columbia PST");
        assertThat(total(quote(TORONTO, null, new QuoteLine("tee", 2)), "tax").breakdown())
                .extracting(TaxBreakdown::jurisdiction).containsExactly("Canada GST");
    }

    @Test
    void noMatchingJurisdiction_meansNoTax_andAnEmptyBreakdown() {
        QuoteTotal tax = total(quote(BERLIN, null, new QuoteLine("ebook", 1)), "tax");
        assertThat(tax.amount()).isZero();
        assertThat(tax.breakdown()).isEmpty();
        assertThat(tax.displayText()).isEqualTo("Tax");
    }

    @Test
    void postalPrefix_ignoresSpacesAndCase() {
        assertThat(new TaxRule("CA", "BC", "v6b", 1, "x", false).matches(new QuoteAddress("CA", "BC", "V6B-1A1")))
                .isTrue();
        assertThat(new TaxRule("CA", null, "V6B", 1, "x", false).matches(new QuoteAddress("CA", "ON", "V6C 1A1")))
                .isFalse();
    }

    @Test
    void shippingRates_dependOnZoneAndWeight_andAreFreeAboveTheThreshold() {
        // 2 tees = 400 g → 500; 3 kettles = 5400 g → 2500; New York is not in the west zone
        QuoteReply light = quote(NEW_YORK, null, new QuoteLine("tee", 2));
        assertThat(light.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id, FulfillmentOptionQuote::subtotal)
                .containsExactly(tuple("standard", 500L), tuple("pickup-sf", 0L), tuple("pickup-la", 100L));
        QuoteReply heavy = quote(NEW_YORK, null, new QuoteLine("kettle", 1), new QuoteLine("tee", 1));
        assertThat(option(heavy, "standard").subtotal()).isEqualTo(900);
        // 3 × 4550 = 13 650 ≥ 10 000: standard is free however heavy
        assertThat(option(quote(NEW_YORK, null, new QuoteLine("kettle", 3)), "standard").subtotal()).isZero();
        // over 20 kg: standard is not offered at all (12 kettles = 21.6 kg; threshold waived only when offered)
        QuoteReply tooHeavy = quote(NEW_YORK, null, new QuoteLine("kettle", 10), new QuoteLine("kettle", 2));
        assertThat(tooHeavy.fulfillmentOptions()).extracting(FulfillmentOptionQuote::type)
                .containsOnly("pickup");
        assertThat(tooHeavy.selectedFulfillmentOptionId()).isNull(); // a store is never chosen for the buyer
        assertThat(total(tooHeavy, "fulfillment").amount()).isZero();
        assertThat(tooHeavy.messages()).extracting(QuoteMessage::type, QuoteMessage::code, QuoteMessage::param)
                .contains(tuple("error", "invalid", "$.fulfillment_details.address"));
        // the west zone adds two-day shipping
        assertThat(quote(LOS_ANGELES, null, new QuoteLine("tee", 1)).fulfillmentOptions())
                .extracting(FulfillmentOptionQuote::id).containsExactly("standard", "two-day-west", "pickup-sf",
                        "pickup-la");
    }

    @Test
    void digitalOnlyCart_needsNoShipping_evenWhereZonesExist() {
        QuoteReply reply = quote(null, null, new QuoteLine("ebook", 2));
        assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id).containsExactly("digital");
        assertThat(reply.messages()).isEmpty();
    }

    @Test
    void localDelivery_isOffered_forServedPostalCodes_withItsWindowAndServiceArea() {
        QuoteReply reply = quote(SAN_FRANCISCO, "courier-sf", new QuoteLine("tee", 1));

        FulfillmentOptionQuote courier = option(reply, "courier-sf");
        assertThat(courier.type()).isEqualTo("local_delivery");
        assertThat(courier.needsAddress()).isTrue();
        assertThat(courier.earliestDelivery()).isEqualTo(NOW.plus(Duration.ofHours(3)));
        assertThat(courier.latestDelivery()).isEqualTo(NOW.plus(Duration.ofHours(5)));
        assertThat(courier.serviceArea()).isEqualTo(new QuoteReply.ServiceArea(10, "94103"));
        assertThat(courier.subtotal()).isEqualTo(899);
        assertThat(courier.tax()).isZero(); // California does not tax delivery
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("courier-sf");
        assertThat(total(reply, "fulfillment").amount()).isEqualTo(899);
        assertThat(total(reply, "fulfillment").displayText()).isEqualTo("Local delivery");
        // not served: Los Angeles, or no address
        assertThat(quote(LOS_ANGELES, null, new QuoteLine("tee", 1)).fulfillmentOptions())
                .extracting(FulfillmentOptionQuote::id).doesNotContain("courier-sf");
        assertThat(new LocalDeliveryOption("x", null, null, 0, null, null, List.of("941*"), null, null, null, null)
                .serves(new QuoteAddress("US", "CA", "94110"))).isTrue();
    }

    @Test
    void pickup_needsNoBuyerAddress_carriesTheStore_andIsTaxedAtTheStore() {
        // no address: shipping options without zones would be offered, here all are zoned; pickup still is
        QuoteReply reply = quote(null, "pickup-la", new QuoteLine("tee", 2));

        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("pickup-la");
        assertThat(reply.messages()).isEmpty();
        FulfillmentOptionQuote la = option(reply, "pickup-la");
        assertThat(la.type()).isEqualTo("pickup");
        assertThat(la.needsAddress()).isFalse();
        assertThat(la.pickup().pickupType()).isEqualTo("curbside");
        assertThat(la.pickup().locationId()).isEqualTo("store_la");
        assertThat(la.pickup().address().city()).isEqualTo("Los Angeles");
        assertThat(la.pickup().readyBy()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
        assertThat(la.pickup().pickupBy()).isEqualTo(NOW.plus(Duration.ofMinutes(90)).plus(Duration.ofDays(2)));
        // Los Angeles store: 6 % + 3.5 %: 3998 → 239.88 → 240 and 139.93 → 140; the pickup fee is not taxed there
        assertThat(reply.lines()).extracting(PricedLine::tax).containsExactly(380L);
        assertThat(total(reply, "tax").breakdown()).extracting(TaxBreakdown::jurisdiction, TaxBreakdown::amount)
                .containsExactly(tuple("California", 240L), tuple("Los Angeles County", 140L));
        assertThat(total(reply, "fulfillment").amount()).isEqualTo(100);
        assertThat(total(reply, "fulfillment").displayText()).isEqualTo("Pickup");
        assertThat(total(reply, "total").amount()).isEqualTo(3998 + 100 + 380);

        // the same cart shipped to New York is taxed in New York
        QuoteReply shipped = quote(NEW_YORK, null, new QuoteLine("tee", 2));
        assertThat(total(shipped, "tax").breakdown()).extracting(TaxBreakdown::jurisdiction)
                .containsExactly("New York");
        // picked up in San Francisco by a New York buyer: California only
        QuoteReply sf = quote(NEW_YORK, "pickup-sf", new QuoteLine("tee", 2));
        assertThat(total(sf, "tax").breakdown()).extracting(TaxBreakdown::jurisdiction, TaxBreakdown::amount)
                .containsExactly(tuple("California", 240L));
    }

    @Test
    void withoutAddress_theDefaultIsNotPickup_andTheAddressIsMissing_whenShippingIsOffered() {
        var unzoned = new QuoteCalculator(TAXES, new ShippingPolicy(List.of(),
                List.of(new ShippingOption("standard", "Standard", "USPS", 500, 5, 7, null)), List.of(),
                List.of(SF_STORE)), new QuoteLimits(10, 3));
        QuoteReply reply = unzoned.quote(request(null, null, new QuoteLine("tee", 1)), CATALOG, Set.of("USD"), NOW);

        assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id)
                .containsExactly("standard", "pickup-sf");
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("standard");
        assertThat(reply.messages()).extracting(QuoteMessage::code).containsExactly("missing");
    }

    @Test
    void configuration_isValidated() {
        assertThatThrownBy(() -> new ShippingPolicy(List.of(), List.of(new ShippingOption("a", "A", null, 1, 1, 2,
                null, Set.of("nowhere"), List.of())), List.of(), List.of()))
                .hasMessageContaining("unknown zone nowhere");
        assertThatThrownBy(() -> new ShippingPolicy(List.of(), List.of(new ShippingOption("pickup-sf", "A", null, 1,
                1, 2, null)), List.of(), List.of(SF_STORE)))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> new PickupLocation("p", null, "Store", SF_STORE.address(), null, null, "drone",
                null, null, 0)).hasMessageContaining("pickup type");
    }

    /** Property: over random carts, destinations and selections every identity holds and nothing is negative. */
    @Test
    void randomCarts_totalsAddUp_breakdownsSumExactly_andNothingIsNegative() {
        Random random = new Random(20261129);
        List<QuoteAddress> addresses = List.of(VANCOUVER, VICTORIA, TORONTO, LOS_ANGELES, SAN_FRANCISCO, NEW_YORK,
                BERLIN, new QuoteAddress("US", "CA", "94110"));
        List<String> options = List.of("standard", "two-day-west", "canada-post", "courier-sf", "pickup-sf",
                "pickup-la", "nope");
        List<String> ids = List.of("tee", "kettle", "ebook");
        DiscountPolicy discounts = new DiscountPolicy(List.of(new DiscountRule("d", "SAVE", null, 15, null, null, 0,
                null, null, null, true, 1, Set.of())));
        List<TaxRule> rules = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            QuoteAddress a = addresses.get(random.nextInt(addresses.size()));
            rules.add(new TaxRule(a.country(), random.nextBoolean() ? a.state() : null,
                    random.nextInt(3) == 0 ? a.postalCode().substring(0, 2) : null, random.nextInt(150_001), "J" + r,
                    random.nextBoolean()));
        }
        QuoteCalculator randomTaxes = new QuoteCalculator(new TaxPolicy(rules), FULFILLMENT, new QuoteLimits(10, 3),
                discounts);
        for (int n = 0; n < 3000; n++) {
            List<QuoteLine> lines = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(6); i < size; i++) {
                lines.add(new QuoteLine(ids.get(random.nextInt(ids.size())), 1 + random.nextInt(8)));
            }
            Map<String, QuoteItem> catalog = Stream.of(TEE, KETTLE, EBOOK)
                    .map(item -> new QuoteItem(item.itemId(), item.title(), null, null, random.nextInt(500_000),
                            "USD", item.requiresShipping(), 1000, random.nextInt(4000)))
                    .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));
            QuoteAddress address = random.nextInt(6) == 0 ? null : addresses.get(random.nextInt(addresses.size()));
            QuoteReply reply = randomTaxes.quote(new QuoteRequest("qr", "cs", "usd", lines, address,
                    options.get(random.nextInt(options.size())), random.nextBoolean() ? List.of("save") : null),
                    catalog, Set.of("USD"), NOW);

            long subtotal = total(reply, "subtotal").amount();
            long fulfillment = total(reply, "fulfillment").amount();
            QuoteTotal tax = total(reply, "tax");
            assertThat(total(reply, "total").amount()).isEqualTo(subtotal + fulfillment + tax.amount());
            assertThat(tax.breakdown().stream().mapToLong(TaxBreakdown::amount).sum()).isEqualTo(tax.amount());
            assertThat(tax.breakdown()).allSatisfy(b -> {
                assertThat(b.amount()).isNotNegative();
                assertThat(b.rate()).isBetween(BigDecimal.ZERO, BigDecimal.ONE);
            });
            long lineTax = reply.lines().stream().mapToLong(PricedLine::tax).sum();
            FulfillmentOptionQuote selected = reply.fulfillmentOptions().stream()
                    .filter(o -> o.id().equals(reply.selectedFulfillmentOptionId())).findFirst().orElse(null);
            assertThat(tax.amount()).isEqualTo(lineTax + (selected == null ? 0 : selected.tax()));
            assertThat(fulfillment).isEqualTo(selected == null ? 0 : selected.subtotal());
            assertThat(reply.lines()).allSatisfy(line -> {
                assertThat(line.total()).isEqualTo(line.subtotal() + line.tax());
                assertThat(line.tax()).isNotNegative();
            });
            assertThat(reply.totals()).allSatisfy(t -> assertThat(t.amount()).isNotNegative());
            assertThat(reply.fulfillmentOptions()).allSatisfy(o -> {
                assertThat(o.total()).isEqualTo(o.subtotal() + o.tax());
                assertThat(o.subtotal()).isNotNegative();
                assertThat(o.pickup() != null).isEqualTo(o.type().equals("pickup"));
                assertThat(o.serviceArea() != null).isEqualTo(o.type().equals("local_delivery"));
            });
            boolean physical = lines.stream().anyMatch(l -> !l.itemId().equals("ebook"));
            if (!physical) {
                assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id)
                        .containsExactly("digital");
            }
            if (selected != null && selected.type().equals("pickup")) {
                assertThat(reply.messages()).extracting(QuoteMessage::param)
                        .doesNotContain("$.fulfillment_details.address");
            }
        }
    }
}
