package org.acpmerchant.pricing.whatif.application;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.RecordedQuote;
import org.acpmerchant.pricing.quote.application.PriceCatalog;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.acpmerchant.pricing.whatif.domain.QuoteFigures;
import org.acpmerchant.pricing.whatif.domain.SessionComparison;
import org.acpmerchant.pricing.whatif.domain.WhatIfReport;

/**
 * Re-prices recorded checkouts with candidate rules, side-effect free: the {@link QuoteCalculator} is pure, and this
 * class only reads. Each cart is priced as it was recorded, at its recorded time: the recorded unit prices, titles
 * and shipping flags (a price change in the catalog since is not the candidate's doing), the shipping weight from the
 * catalog (a quote does not record it), the recorded address, fulfillment choice and discount codes. Stock is not
 * consulted and usage-limited codes count as not used up (the recorded checkout was allowed them); those change
 * messages, never money. The same cart is also priced with the rules in force, to tell the candidate's effect from
 * drift ({@link SessionComparison#drift()}).
 */
public class WhatIfSimulation {

    private final PriceCatalog catalog;
    private final QuoteCalculator current;

    public WhatIfSimulation(PriceCatalog catalog, QuoteCalculator current) {
        this.catalog = catalog;
        this.current = current;
    }

    /** A run: compares each recorded quote, hands the comparison to {@code each} and adds it to the report. */
    public Run start(QuoteCalculator candidate, WhatIfReport report) {
        return new Run(candidate, report);
    }

    public final class Run {
        private final QuoteCalculator candidate;
        private final WhatIfReport report;
        /** Weights looked up once per item for the run (item → grams). */
        private final Map<String, Long> weights = new HashMap<>();

        private Run(QuoteCalculator candidate, WhatIfReport report) {
            this.candidate = candidate;
            this.report = report;
        }

        public SessionComparison compare(RecordedQuote recorded) {
            QuoteReply quote = recorded.quote();
            String currency = quote.currency() == null ? recorded.request().currency() : quote.currency();
            String upper = currency.toUpperCase(Locale.ROOT);
            Map<String, QuoteItem> items = items(quote.lines(), upper);
            Instant at = quote.quotedAt() != null ? quote.quotedAt() : recorded.createdAt();
            QuoteFigures was = QuoteFigures.of(quote);
            QuoteReply today = current.quote(recorded.request(), items, Set.of(upper), Map.of(), at);
            boolean drift = today.rejection() != null || QuoteFigures.of(today).differsInMoney(was);
            QuoteReply would = candidate.quote(recorded.request(), items, Set.of(upper), Map.of(), at);
            SessionComparison comparison = would.rejection() != null
                    ? new SessionComparison(recorded.sessionId(), recorded.status(), recorded.createdAt(),
                            currency.toLowerCase(Locale.ROOT), was, null, drift, would.rejection().message())
                    : new SessionComparison(recorded.sessionId(), recorded.status(), recorded.createdAt(),
                            currency.toLowerCase(Locale.ROOT), was, QuoteFigures.of(would), drift, null);
            report.add(comparison);
            return comparison;
        }

        public void compareAll(Iterable<RecordedQuote> recorded, Consumer<SessionComparison> each) {
            for (RecordedQuote r : recorded) {
                each.accept(compare(r));
            }
        }

        private Map<String, QuoteItem> items(List<PricedLine> lines, String currency) {
            List<String> unknown = lines.stream().map(PricedLine::itemId).filter(id -> !weights.containsKey(id))
                    .distinct().toList();
            if (!unknown.isEmpty()) {
                Map<String, QuoteItem> found = catalog.findItems(unknown);
                unknown.forEach(id -> weights.put(id, found.containsKey(id) ? found.get(id).weightGrams() : 0L));
            }
            Map<String, QuoteItem> items = new LinkedHashMap<>();
            for (PricedLine line : lines) {
                items.putIfAbsent(line.itemId(), new QuoteItem(line.itemId(), line.name(), line.description(),
                        line.imageUrl(), line.unitAmount(), currency, line.requiresShipping(), Integer.MAX_VALUE,
                        weights.get(line.itemId())));
            }
            return items;
        }
    }
}
