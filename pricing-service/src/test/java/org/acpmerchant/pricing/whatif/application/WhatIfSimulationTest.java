package org.acpmerchant.pricing.whatif.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.pricing.whatif.infrastructure.YamlCandidateRules;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.RecordedQuote;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.whatif.WhatIfFixtures;
import org.acpmerchant.pricing.whatif.domain.QuoteFigures;
import org.acpmerchant.pricing.whatif.domain.SessionComparison;
import org.acpmerchant.pricing.whatif.domain.WhatIfReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Families of recorded checkouts (seeded, 400 each) re-priced with candidate rules; each expectation is computed
 * independently of the calculator (BigDecimal, half-up) from the recorded figures.
 */
class WhatIfSimulationTest {

    static final int SESSIONS = 400;

    final PricingProperties today = WhatIfFixtures.today();
    final CandidatePricing candidates = new CandidatePricing(today, new YamlCandidateRules());
    final WhatIfSimulation simulation = new WhatIfSimulation(WhatIfFixtures.catalog(),
            WhatIfFixtures.todaysCalculator());

    List<SessionComparison> run(String candidateYaml, List<RecordedQuote> recorded, WhatIfReport report) {
        QuoteCalculator candidate = candidates.calculator(candidateYaml);
        List<SessionComparison> all = new ArrayList<>();
        simulation.start(candidate, report).compareAll(recorded, all::add);
        return all;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void todays_rules_as_a_candidate_change_nothing_and_the_rendered_configuration_is_todays(long seed) {
        List<RecordedQuote> recorded = WhatIfFixtures.recorded(SESSIONS, seed);
        WhatIfReport report = new WhatIfReport(50);
        // the candidate is today's configuration as GET /ops/pricing/config renders it: the round trip is exact
        List<SessionComparison> all = run(candidates.currentYaml(), recorded, report);

        assertThat(all).hasSize(SESSIONS).allSatisfy(s -> {
            assertThat(s.changed()).as(s.sessionId()).isFalse();
            assertThat(s.drift()).as(s.sessionId()).isFalse();
            assertThat(s.candidate()).isEqualTo(s.recorded());
        });
        assertThat(report.changed()).isZero();
        assertThat(report.largestChanges()).isEmpty();
        assertThat(report.currencies()).extracting(WhatIfReport.CurrencyTotals::currency)
                .containsExactly("eur", "usd");
        report.currencies().forEach(c -> {
            assertThat(c.candidate().total()).isEqualTo(c.recorded().total());
            c.taxByJurisdiction().values().forEach(v -> assertThat(v[1]).isEqualTo(v[0]));
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void a_new_california_rate_changes_only_californian_tax_by_the_rate_on_each_line(long seed) {
        List<RecordedQuote> recorded = WhatIfFixtures.recorded(SESSIONS, seed);
        String candidate = WhatIfFixtures.TODAY.substring(0, WhatIfFixtures.TODAY.indexOf("shipping:"))
                .replace("rate-ppm: 72500", "rate-ppm: 100000");
        WhatIfReport report = new WhatIfReport(SESSIONS);
        List<SessionComparison> all = run(candidate, recorded, report);

        int californian = 0;
        for (int i = 0; i < all.size(); i++) {
            SessionComparison s = all.get(i);
            QuoteReply quote = recorded.get(i).quote();
            QuoteFigures was = s.recorded();
            QuoteFigures would = s.candidate();
            assertThat(would.itemsBase()).isEqualTo(was.itemsBase());
            assertThat(would.discount()).isEqualTo(was.discount());
            assertThat(would.subtotal()).isEqualTo(was.subtotal());
            assertThat(would.fulfillment()).isEqualTo(was.fulfillment());
            assertThat(s.drift()).isFalse();
            if (!was.taxByJurisdiction().containsKey("California")) {
                assertThat(would).as(s.sessionId()).isEqualTo(was);
                continue;
            }
            californian++;
            // California taxes each line's discounted subtotal, not shipping: 10 % of each, rounded half-up
            long expected = 0;
            for (PricedLine line : quote.lines()) {
                expected += BigDecimal.valueOf(line.subtotal()).multiply(new BigDecimal("0.1"))
                        .setScale(0, RoundingMode.HALF_UP).longValueExact();
            }
            assertThat(would.taxByJurisdiction().get("California")).as(s.sessionId()).isEqualTo(expected);
            Map<String, Long> others = new java.util.TreeMap<>(would.taxByJurisdiction());
            others.remove("California");
            Map<String, Long> recordedOthers = new java.util.TreeMap<>(was.taxByJurisdiction());
            recordedOthers.remove("California");
            assertThat(others).isEqualTo(recordedOthers);
            assertThat(would.tax() - was.tax())
                    .isEqualTo(expected - was.taxByJurisdiction().get("California"));
            assertThat(would.total() - was.total()).isEqualTo(would.tax() - was.tax());
        }
        assertThat(californian).isGreaterThan(SESSIONS / 8);
        sumsAreTheSumOfTheSessions(report, all);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void dearer_standard_shipping_changes_the_fee_and_the_tax_on_it_where_shipping_is_taxed(long seed) {
        List<RecordedQuote> recorded = WhatIfFixtures.recorded(SESSIONS, seed);
        String candidate = WhatIfFixtures.TODAY.substring(WhatIfFixtures.TODAY.indexOf("shipping:"),
                WhatIfFixtures.TODAY.indexOf("discounts:"))
                .replace("fee: 500, min-days: 5, max-days: 7, free-threshold: 5000", "fee: 700, min-days: 5, max-days: 7");
        WhatIfReport report = new WhatIfReport(SESSIONS);
        List<SessionComparison> all = run(candidate, recorded, report);

        int standard = 0;
        for (int i = 0; i < all.size(); i++) {
            SessionComparison s = all.get(i);
            QuoteFigures was = s.recorded();
            QuoteFigures would = s.candidate();
            QuoteReply quote = recorded.get(i).quote();
            assertThat(would.subtotal()).isEqualTo(was.subtotal());
            assertThat(would.total() - was.total()).isEqualTo(would.fulfillment() - was.fulfillment()
                    + would.tax() - was.tax());
            if (!"standard".equals(recorded.get(i).request().selectedFulfillmentOptionId())
                    || !"standard".equals(was.fulfillmentOptionId())) {
                // without a choice the buyer is offered the cheapest option first, which may now be another one
                if (!"standard".equals(was.fulfillmentOptionId())) {
                    assertThat(would).as(s.sessionId()).isEqualTo(was);
                }
                continue;
            }
            standard++;
            assertThat(would.fulfillmentOptionId()).isEqualTo("standard");
            assertThat(would.fulfillment()).isEqualTo(700);
            // the fee's tax, where the destination taxes shipping (New York 8.875 %, Texas 6.25 %)
            QuoteTotal tax = quote.totals().stream().filter(t -> t.type().equals("tax")).findFirst().orElseThrow();
            long expectedTaxDelta = 0;
            for (QuoteReply.TaxBreakdown b : tax.breakdown()) {
                BigDecimal rate = switch (b.jurisdiction()) {
                    case "New York" -> new BigDecimal("0.08875");
                    case "Texas" -> new BigDecimal("0.0625");
                    default -> BigDecimal.ZERO;
                };
                expectedTaxDelta += halfUp(rate.multiply(BigDecimal.valueOf(700)))
                        - halfUp(rate.multiply(BigDecimal.valueOf(was.fulfillment())));
            }
            assertThat(would.tax() - was.tax()).as(s.sessionId()).isEqualTo(expectedTaxDelta);
            assertThat(would.total() - was.total()).isEqualTo(700 - was.fulfillment() + expectedTaxDelta);
        }
        // German VAT is included in the fee: the buyer pays 7.00 EUR for shipping, its tax extracted from it
        List<SessionComparison> german = all.stream()
                .filter(s -> s.currency().equals("eur") && "standard".equals(s.candidate().fulfillmentOptionId()))
                .toList();
        assertThat(german).isNotEmpty().allSatisfy(s -> {
            QuoteReply quote = recorded.stream().filter(r -> r.sessionId().equals(s.sessionId())).findFirst()
                    .orElseThrow().quote();
            long recordedGrossFee = quote.fulfillmentOptions().stream()
                    .filter(o -> o.id().equals(quote.selectedFulfillmentOptionId())).findFirst().orElseThrow().total();
            assertThat(s.candidate().total() - s.recorded().total()).isEqualTo(700 - recordedGrossFee);
            assertThat(s.candidate().fulfillment() + s.candidate().tax() - s.recorded().tax()).isEqualTo(700
                    - recordedGrossFee + s.recorded().fulfillment());
        });
        assertThat(standard).isGreaterThan(SESSIONS / 10);
        sumsAreTheSumOfTheSessions(report, all);
    }

    @ParameterizedTest
    @ValueSource(longs = {10, 11})
    void without_discounts_every_cart_pays_its_full_item_price(long seed) {
        List<RecordedQuote> recorded = WhatIfFixtures.recorded(SESSIONS, seed);
        WhatIfReport report = new WhatIfReport(10);
        List<SessionComparison> all = run("discounts: []", recorded, report);

        assertThat(all).allSatisfy(s -> {
            assertThat(s.candidate().discount()).isZero();
            assertThat(s.candidate().itemsBase()).isEqualTo(s.recorded().itemsBase());
            assertThat(s.changed()).isEqualTo(s.recorded().discount() > 0);
            if (s.recorded().discount() > 0) {
                // (not always the total: a full price can cross the free-shipping threshold)
                assertThat(s.candidate().subtotal()).isGreaterThan(s.recorded().subtotal());
            }
        });
        long discounted = all.stream().filter(s -> s.recorded().discount() > 0).count();
        assertThat(discounted).isGreaterThan(SESSIONS / 5);
        assertThat(report.changed()).isEqualTo(discounted);
        List<SessionComparison> largest = report.largestChanges();
        assertThat(largest).hasSize(10);
        long smallestKept = Math.abs(largest.get(largest.size() - 1).totalDelta());
        assertThat(all.stream().filter(s -> !largest.contains(s)).mapToLong(s -> Math.abs(s.totalDelta())))
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(smallestKept));
        assertThat(largest).isSortedAccordingTo((a, b) -> Long.compare(Math.abs(b.totalDelta()),
                Math.abs(a.totalDelta())));
    }

    @ParameterizedTest
    @ValueSource(longs = {12})
    void an_option_the_candidate_drops_falls_back_as_it_would_for_the_buyer(long seed) {
        List<RecordedQuote> recorded = WhatIfFixtures.recorded(SESSIONS, seed);
        String candidate = WhatIfFixtures.TODAY.substring(WhatIfFixtures.TODAY.indexOf("shipping:"),
                WhatIfFixtures.TODAY.indexOf("discounts:"))
                .replace("    - {id: express, title: Express shipping, carrier: UPS, fee: 1500, min-days: 1, max-days: 2}\n", "");
        List<SessionComparison> all = run(candidate, recorded, new WhatIfReport(0));

        List<SessionComparison> express = all.stream()
                .filter(s -> "express".equals(s.recorded().fulfillmentOptionId())).toList();
        assertThat(express).isNotEmpty().allSatisfy(s -> {
            assertThat(s.candidate().fulfillmentOptionId()).isEqualTo("standard");
            assertThat(s.changed()).isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {13})
    void a_recorded_price_todays_rules_do_not_reproduce_is_flagged_as_drift(long seed) {
        List<RecordedQuote> recorded = new ArrayList<>(WhatIfFixtures.recorded(40, seed));
        RecordedQuote first = recorded.get(0);
        List<QuoteTotal> totals = first.quote().totals().stream()
                .map(t -> t.type().equals("total") ? new QuoteTotal("total", t.displayText(), t.amount() + 1) : t)
                .toList();
        QuoteReply q = first.quote();
        recorded.set(0, new RecordedQuote(first.sessionId(), first.status(), first.createdAt(), first.request(),
                new QuoteReply(q.requestId(), q.sessionId(), q.currency(), q.lines(), q.fulfillmentOptions(),
                        q.selectedFulfillmentOptionId(), totals, q.messages(), null, q.quotedAt(), q.discounts(),
                        q.rejectedDiscounts())));
        WhatIfReport report = new WhatIfReport(5);
        List<SessionComparison> all = run(candidates.currentYaml(), recorded, report);

        assertThat(all.get(0).drift()).isTrue();
        assertThat(all.get(0).changed()).isTrue();
        assertThat(all.get(0).totalDelta()).isEqualTo(-1);
        assertThat(all.subList(1, all.size())).allSatisfy(s -> assertThat(s.drift() || s.changed()).isFalse());
        assertThat(report.currencies().stream().mapToLong(WhatIfReport.CurrencyTotals::drifted).sum()).isOne();
    }

    private static long halfUp(BigDecimal amount) {
        return amount.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void sumsAreTheSumOfTheSessions(WhatIfReport report, List<SessionComparison> all) {
        for (WhatIfReport.CurrencyTotals c : report.currencies()) {
            List<SessionComparison> mine = all.stream().filter(s -> s.currency().equals(c.currency())).toList();
            assertThat(c.sessions()).isEqualTo(mine.size());
            assertThat(c.recorded().total()).isEqualTo(mine.stream().mapToLong(s -> s.recorded().total()).sum());
            assertThat(c.candidate().total()).isEqualTo(mine.stream().mapToLong(s -> s.candidate().total()).sum());
            assertThat(c.candidate().tax()).isEqualTo(mine.stream().mapToLong(s -> s.candidate().tax()).sum());
            assertThat(c.changed()).isEqualTo(mine.stream().filter(SessionComparison::changed).count());
            c.taxByJurisdiction().forEach((j, v) -> assertThat(v[1]).isEqualTo(mine.stream()
                    .mapToLong(s -> s.candidate().taxByJurisdiction().getOrDefault(j, 0L)).sum()));
        }
    }
}
