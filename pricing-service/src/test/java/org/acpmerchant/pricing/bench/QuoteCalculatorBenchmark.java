package org.acpmerchant.pricing.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.quote.domain.DiscountPolicy;
import org.acpmerchant.pricing.quote.domain.DiscountRule;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.acpmerchant.pricing.quote.domain.QuoteLimits;
import org.acpmerchant.pricing.quote.domain.ShippingOption;
import org.acpmerchant.pricing.quote.domain.ShippingPolicy;
import org.acpmerchant.pricing.quote.domain.TaxPolicy;
import org.acpmerchant.pricing.quote.domain.TaxRule;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH: one quote of a 20-line cart (tax rule, two shipping options, an automatic discount and two stacked codes), in
 * sample-time mode for the median and p99. Prints figures, asserts nothing; not part of the default build:
 * {@code mvn -o -pl pricing-service test -Dtest=QuoteCalculatorBenchmark}. Runs in the surefire JVM
 * ({@code forks(0)}: surefire's classpath jar does not survive a JMH fork).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QuoteCalculatorBenchmark {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    QuoteCalculator calculator;
    QuoteRequest request;
    Map<String, QuoteItem> items;

    @Setup
    public void setUp() {
        calculator = new QuoteCalculator(
                new TaxPolicy(List.of(new TaxRule("US", "CA", 72_500, "California", false),
                        new TaxRule("US", null, 50_000, "United States", false))),
                new ShippingPolicy(List.of(new ShippingOption("standard", "Standard", "USPS", 500, 5, 7, 5000L),
                        new ShippingOption("express", "Express", "UPS", 1500, 1, 2, null))),
                new QuoteLimits(10, 3),
                new DiscountPolicy(List.of(
                        new DiscountRule("auto", null, "Sale", 5, null, null, 0, null, null, null, true, 1, Set.of()),
                        new DiscountRule("ten", "TEN", null, 10, null, null, 0, null, null, 100L, true, 2, Set.of()),
                        new DiscountRule("five", "FIVE", null, null, 500L, "USD", 1000, null, null, null, true, 3,
                                Set.of("item_3", "item_7")))));
        items = new HashMap<>();
        List<QuoteLine> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "item_" + i;
            items.put(id, new QuoteItem(id, "Item " + i, null, null, 999 + i * 131L, "USD", true, 50));
            lines.add(new QuoteLine(id, 1 + i % 3));
        }
        request = new QuoteRequest("qr", "cs", "usd", lines, new QuoteAddress("US", "CA", "94103"), "express",
                List.of("ten", "FIVE"));
    }

    @Benchmark
    public QuoteReply quote20Lines() {
        return calculator.quote(request, items, Set.of("USD"), Map.of("TEN", 3L), NOW);
    }

    @Test
    void run() throws Exception {
        new Runner(new OptionsBuilder()
                .include(QuoteCalculatorBenchmark.class.getName() + ".quote20Lines")
                .forks(0)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .build())
                .run();
    }
}
