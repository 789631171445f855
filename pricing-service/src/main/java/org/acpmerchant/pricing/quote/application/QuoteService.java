package org.acpmerchant.pricing.quote.application;

import java.time.Clock;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;

/** Answers a quote request from the current catalog, at the clock's time. */
public class QuoteService {

    private final PriceCatalog catalog;
    private final QuoteCalculator calculator;
    private final Clock clock;

    public QuoteService(PriceCatalog catalog, QuoteCalculator calculator, Clock clock) {
        this.catalog = catalog;
        this.calculator = calculator;
        this.clock = clock;
    }

    public QuoteReply quote(QuoteRequest request) {
        var items = catalog.findItems(request.lines().stream().map(QuoteLine::itemId).distinct().toList());
        return calculator.quote(request, items, catalog.currencies(), clock.instant());
    }
}
