package org.acpmerchant.pricing.quote.application;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.quote.domain.DiscountRule;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.stock.domain.DiscountRedemptions;

/** Answers a quote request from the current catalog and discount redemptions, at the clock's time. */
public class QuoteService {

    private final PriceCatalog catalog;
    private final DiscountRedemptions redemptions;
    private final QuoteCalculator calculator;
    private final Clock clock;

    public QuoteService(
            PriceCatalog catalog, DiscountRedemptions redemptions, QuoteCalculator calculator, Clock clock) {
        this.catalog = catalog;
        this.redemptions = redemptions;
        this.calculator = calculator;
        this.clock = clock;
    }

    public QuoteReply quote(QuoteRequest request) {
        var items = catalog.findItems(request.lines().stream().map(QuoteLine::itemId).distinct().toList());
        List<String> limited = request.discountCodes().stream()
                .map(DiscountRule::normalize)
                .filter(calculator.limitedDiscountCodes()::contains)
                .distinct()
                .toList();
        Map<String, Long> redeemed = limited.isEmpty() ? Map.of() : redemptions.counts(limited);
        return calculator.quote(request, items, catalog.currencies(), redeemed, clock.instant());
    }
}
