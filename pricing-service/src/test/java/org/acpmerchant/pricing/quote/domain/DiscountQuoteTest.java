package org.acpmerchant.pricing.quote.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import org.acpmerchant.events.quote.QuoteReply.AppliedDiscount;
import org.acpmerchant.events.quote.QuoteReply.Allocation;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.events.quote.QuoteReply.RejectedDiscount;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.junit.jupiter.api.Test;

class DiscountQuoteTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final QuoteAddress CA = new QuoteAddress("US", "CA", "94103");

    static final Map<String, QuoteItem> CATALOG = Stream.of(
                    item("tee", 1999), item("mug", 1250), item("pack", 8900), item("cap", 1))
            .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));

    static QuoteItem item(String id, long price) {
        return new QuoteItem(id, "Title " + id, null, null, price, "USD", true, 100);
    }

    static DiscountRule percent(String id, String code, int percent, boolean stackable, int priority) {
        return new DiscountRule(id, code, null, percent, null, null, 0, null, null, null, stackable, priority, Set.of());
    }

    static DiscountRule amount(String id, String code, long amount, boolean stackable, int priority) {
        return new DiscountRule(
                id, code, null, null, amount, "USD", 0, null, null, null, stackable, priority, Set.of());
    }

    static QuoteCalculator calculator(DiscountRule... rules) {
        return new QuoteCalculator(
                new TaxPolicy(List.of(new TaxRule("US", "CA", 72_500, "California", false))),
                new ShippingPolicy(List.of(new ShippingOption("standard", "Standard", "USPS", 500, 5, 7, 5000L))),
                new QuoteLimits(10, 3),
                new DiscountPolicy(List.of(rules)));
    }

    static QuoteRequest request(List<String> codes, QuoteLine... lines) {
        return new QuoteRequest("qr_1", "cs_1", "usd", List.of(lines), CA, null, codes);
    }

    static long total(QuoteReply reply, String type) {
        return reply.totals().stream().filter(t -> t.type().equals(type)).mapToLong(t -> t.amount()).sum();
    }

    @Test
    void percentCode_isCaseInsensitive_allocatedToLines_andTaxedAfterDiscount() {
        QuoteReply reply = calculator(percent("d_save10", "SAVE10", 10, false, 1)).quote(
                request(List.of("save10"), new QuoteLine("tee", 1), new QuoteLine("mug", 1)),
                CATALOG, Set.of("USD"), NOW);

        // 10 % of 3249 = 324.9 → 325; 325 × 1999/3249 = 199.96, 325 × 1250/3249 = 125.04: floors 324, last cent to line 0
        assertThat(reply.discounts()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SAVE10");
            assertThat(d.automatic()).isFalse();
            assertThat(d.amount()).isEqualTo(325);
            assertThat(d.method()).isEqualTo("each");
            assertThat(d.allocations()).containsExactly(new Allocation(0, 200), new Allocation(1, 125));
        });
        assertThat(reply.lines())
                .extracting(PricedLine::baseAmount, PricedLine::discount, PricedLine::subtotal, PricedLine::tax)
                .containsExactly(tuple(1999L, 200L, 1799L, 130L), tuple(1250L, 125L, 1125L, 82L));
        assertThat(total(reply, "items_base_amount")).isEqualTo(3249);
        assertThat(total(reply, "items_discount")).isEqualTo(325);
        assertThat(total(reply, "subtotal")).isEqualTo(2924);
        assertThat(total(reply, "total")).isEqualTo(2924 + 500 + 212);
        assertThat(reply.rejectedDiscounts()).isEmpty();
    }

    @Test
    void noDiscount_addsNoItemsDiscountTotal() {
        QuoteReply reply = calculator().quote(request(null, new QuoteLine("tee", 1)), CATALOG, Set.of("USD"), NOW);

        assertThat(reply.totals()).extracting(QuoteReply.QuoteTotal::type)
                .containsExactly("items_base_amount", "subtotal", "fulfillment", "tax", "total");
    }

    @Test
    void rejectedCodes_carryTheSpecReasons_asRejectionsAndWarnings() {
        var expired = new DiscountRule("d_old", "OLD", null, 5, null, null, 0, null, NOW, null, true, 1, Set.of());
        var early = new DiscountRule(
                "d_soon", "SOON", null, 5, null, null, 0, NOW.plusSeconds(1), null, null, true, 1, Set.of());
        var minimum = new DiscountRule("d_big", "BIG", null, 5, null, null, 100_000, null, null, null, true, 1, Set.of());
        var limited = new DiscountRule("d_once", "ONCE", null, 5, null, null, 0, null, null, 1L, true, 1, Set.of());
        var euro = new DiscountRule("d_eur", "EURO", null, null, 100L, "EUR", 0, null, null, null, true, 1, Set.of());
        var mugOnly = new DiscountRule(
                "d_mug", "MUG", null, 5, null, null, 0, null, null, null, true, 1, Set.of("mug"));
        var calculator = calculator(percent("d_a", "A", 10, true, 1), percent("d_solo", "SOLO", 20, false, 2),
                expired, early, minimum, limited, euro, mugOnly);

        QuoteReply reply = calculator.quote(
                request(List.of("A", "nope", "OLD", "SOON", "BIG", "ONCE", "a", "SOLO", "EURO", "MUG"),
                        new QuoteLine("tee", 1)),
                CATALOG, Set.of("USD"), Map.of("ONCE", 1L), NOW);

        assertThat(reply.discounts()).extracting(AppliedDiscount::code).containsExactly("A");
        assertThat(reply.rejectedDiscounts()).extracting(RejectedDiscount::code, RejectedDiscount::reason)
                .containsExactly(
                        tuple("nope", "discount_code_invalid"),
                        tuple("OLD", "discount_code_expired"),
                        tuple("SOON", "discount_code_invalid"),
                        tuple("BIG", "discount_code_minimum_not_met"),
                        tuple("ONCE", "discount_code_usage_limit_reached"),
                        tuple("a", "discount_code_already_applied"),
                        tuple("SOLO", "discount_code_combination_disallowed"),
                        tuple("EURO", "discount_code_invalid"),
                        tuple("MUG", "discount_code_invalid"));
        assertThat(reply.messages()).filteredOn(m -> m.code().startsWith("discount_code"))
                .extracting(QuoteMessage::type, QuoteMessage::code, QuoteMessage::param)
                .containsExactly(
                        tuple("warning", "discount_code_invalid", "$.discounts.codes[1]"),
                        tuple("warning", "discount_code_expired", "$.discounts.codes[2]"),
                        tuple("warning", "discount_code_invalid", "$.discounts.codes[3]"),
                        tuple("warning", "discount_code_minimum_not_met", "$.discounts.codes[4]"),
                        tuple("warning", "discount_code_usage_limit_reached", "$.discounts.codes[5]"),
                        tuple("warning", "discount_code_already_applied", "$.discounts.codes[6]"),
                        tuple("warning", "discount_code_combination_disallowed", "$.discounts.codes[7]"),
                        tuple("warning", "discount_code_invalid", "$.discounts.codes[8]"),
                        tuple("warning", "discount_code_invalid", "$.discounts.codes[9]"));
    }

    @Test
    void automaticDiscount_appliesWithoutCode_andStacksInPriorityOrder() {
        var auto = new DiscountRule(
                "d_auto", null, "Winter sale", 50, null, null, 0, null, null, null, true, 1, Set.of("pack"));
        var calculator = calculator(auto, amount("d_five", "FIVE", 500, true, 2));

        QuoteReply reply = calculator.quote(
                request(List.of("five"), new QuoteLine("pack", 1), new QuoteLine("tee", 1)),
                CATALOG, Set.of("USD"), NOW);

        assertThat(reply.discounts())
                .extracting(AppliedDiscount::id, AppliedDiscount::code, AppliedDiscount::automatic,
                        AppliedDiscount::amount, AppliedDiscount::method, AppliedDiscount::allocations)
                .containsExactly(
                        tuple("d_auto", null, true, 4450L, "each", List.of(new Allocation(0, 4450))),
                        // 500 over what is left: 4450 and 1999 → 345.07…, 154.92… → 345 + 155
                        tuple("d_five", "FIVE", false, 500L, "across",
                                List.of(new Allocation(0, 345), new Allocation(1, 155))));
        assertThat(reply.lines()).extracting(PricedLine::discount).containsExactly(4795L, 155L);
    }

    @Test
    void exclusiveAutomaticDiscount_isSkippedSilently_whenABetterPriorityCodeIsTaken() {
        var auto = percent("d_auto", null, 5, false, 5);
        QuoteReply reply = calculator(auto, percent("d_vip", "VIP", 20, false, 1)).quote(
                request(List.of("VIP"), new QuoteLine("tee", 1)), CATALOG, Set.of("USD"), NOW);

        assertThat(reply.discounts()).extracting(AppliedDiscount::id).containsExactly("d_vip");
        assertThat(reply.rejectedDiscounts()).isEmpty();
    }

    @Test
    void amountOff_isCappedAtWhatTheLinesCost() {
        QuoteReply reply = calculator(amount("d_gift", "GIFT", 10_000, false, 1)).quote(
                request(List.of("GIFT"), new QuoteLine("cap", 3)), CATALOG, Set.of("USD"), NOW);

        assertThat(reply.discounts()).singleElement().extracting(AppliedDiscount::amount).isEqualTo(3L);
        assertThat(total(reply, "subtotal")).isZero();
        assertThat(total(reply, "tax")).isZero();
    }

    @Test
    void largestRemainder_sumsExactly_tiesToLowestIndex() {
        assertThat(DiscountPolicy.allocate(1, new long[] {100, 100, 100})).containsExactly(1, 0, 0);
        assertThat(DiscountPolicy.allocate(2, new long[] {100, 100, 100})).containsExactly(1, 1, 0);
        assertThat(DiscountPolicy.allocate(3, new long[] {1, 1, 1})).containsExactly(1, 1, 1);
        assertThat(DiscountPolicy.allocate(5, new long[] {1, 2, 7})).containsExactly(1, 1, 3);
        assertThat(DiscountPolicy.allocate(5, new long[] {0, 3, 0, 3})).containsExactly(0, 3, 0, 2);
        assertThat(DiscountPolicy.allocate(5, new long[] {0, 0, 10})).containsExactly(0, 0, 5);
        long w = Long.MAX_VALUE / 4;
        assertThat(DiscountPolicy.allocate(2 * w - 1, new long[] {w, w})).containsExactly(w, w - 1);
    }

    @Test
    void randomCartsAndDiscountSets_allocateExactly_addUp_andStayNonNegative() {
        Random random = new Random(20261129);
        List<String> ids = List.copyOf(CATALOG.keySet());
        for (int n = 0; n < 5000; n++) {
            List<DiscountRule> rules = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            for (int r = 0, count = random.nextInt(6); r < count; r++) {
                boolean auto = random.nextInt(3) == 0;
                String code = auto ? null : "C" + r;
                Set<String> items = random.nextBoolean() ? Set.of() : Set.of(ids.get(random.nextInt(ids.size())));
                boolean isPercent = random.nextBoolean();
                rules.add(new DiscountRule("d" + r, code, null,
                        isPercent ? 1 + random.nextInt(100) : null,
                        isPercent ? null : 1L + random.nextInt(20_000), isPercent ? null : "USD",
                        random.nextInt(4) == 0 ? random.nextInt(50_000) : 0, null, null, null,
                        random.nextInt(4) != 0, 1 + random.nextInt(3), items));
                if (code != null && random.nextInt(4) != 0) {
                    codes.add(random.nextBoolean() ? code.toLowerCase() : code);
                }
            }
            if (random.nextInt(5) == 0) {
                codes.add("UNKNOWN");
            }
            List<QuoteLine> lines = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(20); i < size; i++) {
                lines.add(new QuoteLine(ids.get(random.nextInt(ids.size())), 1 + random.nextInt(10)));
            }
            Map<String, QuoteItem> catalog = new HashMap<>();
            for (QuoteItem item : CATALOG.values()) {
                catalog.put(item.itemId(), item(item.itemId(), random.nextInt(200_000)));
            }
            QuoteReply reply = calculator(rules.toArray(DiscountRule[]::new)).quote(
                    request(codes, lines.toArray(QuoteLine[]::new)), catalog, Set.of("USD"), NOW);

            long itemsDiscount = 0;
            for (AppliedDiscount discount : reply.discounts()) {
                assertThat(discount.amount()).isNotNegative();
                assertThat(discount.allocations()).allSatisfy(a -> assertThat(a.amount()).isNotNegative());
                assertThat(discount.allocations().stream().mapToLong(Allocation::amount).sum())
                        .isEqualTo(discount.amount());
                itemsDiscount += discount.amount();
            }
            assertThat(reply.discounts().size() + reply.rejectedDiscounts().size())
                    .isLessThanOrEqualTo(rules.size() + codes.size());
            assertThat(reply.rejectedDiscounts()).hasSize(codes.size() - (int) reply.discounts().stream()
                    .filter(d -> !d.automatic()).count());
            for (int i = 0; i < reply.lines().size(); i++) {
                int index = i;
                PricedLine line = reply.lines().get(i);
                long allocated = reply.discounts().stream().flatMap(d -> d.allocations().stream())
                        .filter(a -> a.lineIndex() == index).mapToLong(Allocation::amount).sum();
                assertThat(line.discount()).isEqualTo(allocated).isBetween(0L, line.baseAmount());
                assertThat(line.subtotal()).isEqualTo(line.baseAmount() - line.discount());
                assertThat(line.total()).isEqualTo(line.subtotal() + line.tax());
                assertThat(line.tax()).isNotNegative();
            }
            assertThat(total(reply, "items_discount")).isEqualTo(itemsDiscount);
            assertThat(total(reply, "subtotal")).isEqualTo(total(reply, "items_base_amount") - itemsDiscount);
            assertThat(total(reply, "total"))
                    .isEqualTo(total(reply, "subtotal") + total(reply, "fulfillment") + total(reply, "tax"));
            assertThat(reply.totals()).allSatisfy(t -> assertThat(t.amount()).isNotNegative());
            QuoteReply.QuoteTotal taxTotal = reply.totals().stream().filter(t -> t.type().equals("tax"))
                    .findFirst().orElseThrow();
            assertThat(taxTotal.breakdown().stream().mapToLong(QuoteReply.TaxBreakdown::amount).sum())
                    .isEqualTo(taxTotal.amount());
        }
    }
}
