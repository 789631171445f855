package org.acpmerchant.pricing.quote.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteReply.Rejection;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.junit.jupiter.api.Test;

class QuoteCalculatorTest {

    // Wednesday
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final QuoteAddress CA = new QuoteAddress("US", "CA", "94103");
    static final QuoteAddress NY = new QuoteAddress("US", "NY", "10001");
    static final QuoteAddress OREGON = new QuoteAddress("US", "OR", "97201");

    static final QuoteItem TEE = item("tee", 1999, true, 25);
    static final QuoteItem MUG = item("mug", 1250, true, 0);
    static final QuoteItem EBOOK = item("ebook", 999, false, 10_000);
    static final QuoteItem PACK = item("pack", 8900, true, 2);
    static final Map<String, QuoteItem> CATALOG = Stream.of(TEE, MUG, EBOOK, PACK)
            .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));

    final QuoteCalculator calculator = new QuoteCalculator(
            new TaxPolicy(List.of(
                    new TaxRule("US", "CA", 72_500, "California", false),
                    new TaxRule("US", "NY", 88_750, "New York", true),
                    new TaxRule("US", "OR", 10_000, "Oregon", false))),
            new ShippingPolicy(List.of(
                    new ShippingOption("express", "Express", "UPS", 1500, 1, 2, null),
                    new ShippingOption("standard", "Standard", "USPS", 500, 5, 7, 5000L))),
            new QuoteLimits(10, 3));

    static QuoteItem item(String id, long price, boolean shipping, int available) {
        return new QuoteItem(id, "Title " + id, "About " + id, "https://img/" + id, price, "USD", shipping, available);
    }

    static QuoteRequest request(QuoteAddress address, String option, QuoteLine... lines) {
        return new QuoteRequest("qr_1", "cs_1", "usd", List.of(lines), address, option, null);
    }

    QuoteReply quote(QuoteRequest request) {
        return calculator.quote(request, CATALOG, Set.of("USD"), NOW);
    }

    static long total(QuoteReply reply, String type) {
        return reply.totals().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow().amount();
    }

    @Test
    void quote_pricesLines_withStableIdsAndCatalogData() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 2), new QuoteLine("ebook", 1)));

        assertThat(reply.rejection()).isNull();
        assertThat(reply.requestId()).isEqualTo("qr_1");
        assertThat(reply.quotedAt()).isEqualTo(NOW);
        assertThat(reply.lines())
                .extracting(PricedLine::lineId, PricedLine::itemId, PricedLine::name, PricedLine::imageUrl,
                        PricedLine::unitAmount, PricedLine::baseAmount, PricedLine::discount, PricedLine::subtotal)
                .containsExactly(
                        tuple("li_1", "tee", "Title tee", "https://img/tee", 1999L, 3998L, 0L, 3998L),
                        tuple("li_2", "ebook", "Title ebook", "https://img/ebook", 999L, 999L, 0L, 999L));
    }

    @Test
    void tax_isRoundedHalfUpPerLine_andSummed() {
        // 3998 × 7.25 % = 289.855 → 290; 999 × 7.25 % = 72.4275 → 72
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 2), new QuoteLine("ebook", 1)));

        assertThat(reply.lines()).extracting(PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(290L, 4288L), tuple(72L, 1071L));
        assertThat(total(reply, "tax")).isEqualTo(362);
        assertThat(reply.totals()).extracting(QuoteTotal::displayText).contains("Tax (California)");
    }

    @Test
    void tax_roundsExactHalfUp() {
        TaxRule rule = new TaxRule("US", null, 50_000, "x", false);
        assertThat(rule.taxOn(10)).isEqualTo(1); // 0.5 → 1
        assertThat(rule.taxOn(9)).isEqualTo(0); // 0.45 → 0
        assertThat(rule.taxOn(0)).isEqualTo(0);
    }

    @Test
    void tax_usesTheMatchingRegionRule_orNone() {
        assertThat(total(quote(request(OREGON, null, new QuoteLine("pack", 1))), "tax")).isEqualTo(89); // 1 %
        assertThat(total(quote(request(new QuoteAddress("DE", null, "10115"), null, new QuoteLine("pack", 1))), "tax"))
                .isZero();
    }

    @Test
    void shipping_isTaxed_whenTheRuleSaysSo() {
        // NY 8.875 %: pack 8900 → 789.875 → 790; free standard shipping over 5000 → first option standard at 0
        QuoteReply reply = quote(request(NY, "express", new QuoteLine("pack", 1)));

        FulfillmentOptionQuote express = reply.fulfillmentOptions().stream()
                .filter(o -> o.id().equals("express")).findFirst().orElseThrow();
        assertThat(express.subtotal()).isEqualTo(1500);
        assertThat(express.tax()).isEqualTo(133); // 133.125
        assertThat(express.total()).isEqualTo(1633);
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("express");
        assertThat(total(reply, "fulfillment")).isEqualTo(1500);
        assertThat(total(reply, "tax")).isEqualTo(790 + 133);
        assertThat(total(reply, "total")).isEqualTo(8900 + 1500 + 923);
    }

    @Test
    void shipping_isNotTaxed_inCalifornia() {
        QuoteReply reply = quote(request(CA, "express", new QuoteLine("tee", 1)));

        assertThat(reply.fulfillmentOptions()).allSatisfy(o -> assertThat(o.tax()).isZero());
        assertThat(total(reply, "tax")).isEqualTo(145); // 144.9275
    }

    @Test
    void shippingOptions_areCheapestFirst_andFreeAboveThreshold() {
        QuoteReply small = quote(request(CA, null, new QuoteLine("tee", 1)));
        assertThat(small.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id, FulfillmentOptionQuote::total)
                .containsExactly(tuple("standard", 500L), tuple("express", 1500L));

        QuoteReply large = quote(request(CA, null, new QuoteLine("tee", 3))); // 5997 ≥ 5000
        assertThat(large.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id, FulfillmentOptionQuote::total)
                .containsExactly(tuple("standard", 0L), tuple("express", 1500L));
        assertThat(total(large, "fulfillment")).isZero();
    }

    @Test
    void selectedOption_fallsBackToFirst_whenUnknownOrNull() {
        assertThat(quote(request(CA, "teleport", new QuoteLine("tee", 1))).selectedFulfillmentOptionId())
                .isEqualTo("standard");
        assertThat(quote(request(CA, null, new QuoteLine("tee", 1))).selectedFulfillmentOptionId())
                .isEqualTo("standard");
    }

    @Test
    void deliveryTimes_countBusinessDaysFromQuotedAt() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 1)));

        FulfillmentOptionQuote standard = reply.fulfillmentOptions().get(0);
        // Wednesday + 5 business days = next Wednesday; + 7 = next Friday
        assertThat(standard.earliestDelivery()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(standard.latestDelivery()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        FulfillmentOptionQuote express = reply.fulfillmentOptions().get(1);
        assertThat(express.earliestDelivery()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(express.latestDelivery()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ShippingPolicy.plusBusinessDays(Instant.parse("2026-11-27T10:00:00Z"), 1)) // Friday → Monday
                .isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    }

    @Test
    void digitalOnlyCart_getsOneFreeDigitalOption_andNeedsNoAddress() {
        QuoteReply reply = quote(request(null, null, new QuoteLine("ebook", 2)));

        assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id, FulfillmentOptionQuote::type,
                        FulfillmentOptionQuote::total)
                .containsExactly(tuple("digital", "digital", 0L));
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("digital");
        assertThat(reply.messages()).isEmpty();
        assertThat(total(reply, "tax")).isZero();
        assertThat(total(reply, "total")).isEqualTo(1998);
    }

    @Test
    void missingAddress_givesZeroTax_andAnError_whenShippingIsNeeded() {
        QuoteReply reply = quote(request(null, null, new QuoteLine("tee", 1), new QuoteLine("ebook", 1)));

        assertThat(total(reply, "tax")).isZero();
        assertThat(reply.messages()).containsExactly(new QuoteMessage(
                "error", "missing", "$.fulfillment_details.address", "A shipping address is required."));
        assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::type).containsOnly("shipping");
    }

    @Test
    void unknownItem_isRejected_withItsIndex() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 1), new QuoteLine("ghost", 1)));

        assertThat(reply.rejection()).isEqualTo(new Rejection(
                "invalid_item_id", "$.line_items[1].id", "The item ID 'ghost' does not exist."));
        assertThat(reply.lines()).isEmpty();
        assertThat(reply.totals()).isEmpty();
    }

    @Test
    void unsupportedCurrency_isRejected() {
        QuoteRequest eur = new QuoteRequest("qr_1", "cs_1", "eur", List.of(new QuoteLine("tee", 1)), CA, null, null);

        assertThat(quote(eur).rejection()).extracting(Rejection::code, Rejection::param)
                .containsExactly("unsupported_currency", "$.currency");
    }

    @Test
    void nonPositiveQuantity_isRejected() {
        assertThat(quote(request(CA, null, new QuoteLine("tee", 0))).rejection())
                .extracting(Rejection::code, Rejection::param)
                .containsExactly("invalid", "$.line_items[0].quantity");
    }

    @Test
    void outOfStock_isAnError_onTheLine() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 1), new QuoteLine("mug", 1)));

        assertThat(reply.messages()).containsExactly(
                new QuoteMessage("error", "out_of_stock", "$.line_items[1]", "'Title mug' is out of stock."));
        assertThat(reply.lines().get(1)).extracting(PricedLine::availability, PricedLine::availableQuantity)
                .containsExactly("out_of_stock", 0);
    }

    @Test
    void moreThanAvailable_isOutOfStock_namingWhatIsLeft() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("pack", 3)));

        assertThat(reply.messages()).containsExactly(new QuoteMessage(
                "error", "out_of_stock", "$.line_items[0]", "Only 2 of 'Title pack' left in stock."));
    }

    @Test
    void lowStock_isAWarning() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("pack", 1)));

        assertThat(reply.messages()).containsExactly(
                new QuoteMessage("warning", "low_stock", "$.line_items[0]", "Only 2 of 'Title pack' left."));
        assertThat(reply.lines().get(0).availability()).isEqualTo("low_stock");
        assertThat(quote(request(CA, null, new QuoteLine("tee", 1))).lines().get(0).availability())
                .isEqualTo("in_stock");
    }

    @Test
    void quantityAboveLimit_isQuantityExceeded() {
        QuoteReply reply = quote(request(CA, null, new QuoteLine("tee", 11)));

        assertThat(reply.messages()).extracting(QuoteMessage::type, QuoteMessage::code, QuoteMessage::param)
                .containsExactly(tuple("error", "quantity_exceeded", "$.line_items[0].quantity"));
    }

    @Test
    void totals_addUp_forManyRandomCarts() {
        Random random = new Random(20261129);
        List<String> ids = List.copyOf(CATALOG.keySet());
        List<QuoteAddress> addresses = List.of(CA, NY, OREGON, new QuoteAddress("FR", null, "75001"));
        for (int n = 0; n < 2000; n++) {
            List<QuoteLine> lines = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(5); i < size; i++) {
                lines.add(new QuoteLine(ids.get(random.nextInt(ids.size())), 1 + random.nextInt(12)));
            }
            QuoteAddress address = random.nextInt(5) == 0 ? null : addresses.get(random.nextInt(addresses.size()));
            String option = List.of("standard", "express", "nope").get(random.nextInt(3));
            Map<String, QuoteItem> catalog = CATALOG.values().stream()
                    .map(item -> new QuoteItem(item.itemId(), item.title(), null, null,
                            random.nextInt(1_000_000), "USD", item.requiresShipping(), random.nextInt(20)))
                    .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));
            QuoteReply reply = calculator.quote(
                    new QuoteRequest("qr", "cs", "usd", lines, address, option, null), catalog, Set.of("USD"), NOW);

            long subtotal = total(reply, "subtotal");
            long fulfillment = total(reply, "fulfillment");
            long tax = total(reply, "tax");
            assertThat(total(reply, "total")).isEqualTo(subtotal + fulfillment + tax);
            assertThat(subtotal).isEqualTo(reply.lines().stream().mapToLong(PricedLine::subtotal).sum());
            assertThat(total(reply, "items_base_amount"))
                    .isEqualTo(reply.lines().stream().mapToLong(PricedLine::baseAmount).sum());
            FulfillmentOptionQuote selected = reply.fulfillmentOptions().stream()
                    .filter(o -> o.id().equals(reply.selectedFulfillmentOptionId())).findFirst().orElseThrow();
            assertThat(tax).isEqualTo(reply.lines().stream().mapToLong(PricedLine::tax).sum() + selected.tax());
            assertThat(reply.lines()).allSatisfy(line -> {
                assertThat(line.total()).isEqualTo(line.subtotal() + line.tax());
                assertThat(line.baseAmount()).isEqualTo(line.unitAmount() * line.quantity());
            });
            assertThat(reply.totals()).allSatisfy(t -> assertThat(t.amount()).isNotNegative());
            assertThat(reply.fulfillmentOptions()).allSatisfy(o -> assertThat(o.total()).isEqualTo(o.subtotal() + o.tax()));
        }
    }
}
