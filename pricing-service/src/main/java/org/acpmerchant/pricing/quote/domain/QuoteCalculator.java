package org.acpmerchant.pricing.quote.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteReply.Rejection;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;

/**
 * Prices a cart. Pure: the catalog entries, the currencies sold and the time come in as arguments.
 *
 * <p>Rounding (ADR 0008, 0019): prices are integer minor units, tax-exclusive by default; discounts
 * ({@link DiscountPolicy}) are allocated to lines exactly; tax is computed per line on the discounted line subtotal
 * and on the selected fulfillment fee (only in jurisdictions that tax shipping), per jurisdiction, each share rounded
 * half-up to the minor unit; the order's tax is the sum of those and its breakdown the per-jurisdiction sums. Tax is
 * taken at the store's address when a pickup option is selected, else at the buyer's. {@code subtotal =
 * items_base_amount − items_discount} and {@code total = subtotal + fulfillment + tax} hold exactly. Free-shipping
 * thresholds compare with the discounted item amounts before tax is extracted or added.
 *
 * <p>Where the destination's tax rules say {@code prices-include-tax} ({@link TaxSheet}), the discounted line amount
 * and the fee are gross: the included tax is extracted, a line's {@code subtotal} is the gross less its tax and its
 * {@code total} the gross; {@code items_base_amount} and {@code items_discount} stay gross, so there
 * {@code subtotal = items_base_amount − items_discount − line tax}. {@code total = subtotal + fulfillment + tax}
 * holds in both modes.
 */
public final class QuoteCalculator {

    private final TaxPolicy taxPolicy;
    private final ShippingPolicy shippingPolicy;
    private final QuoteLimits limits;
    private final DiscountPolicy discountPolicy;

    public QuoteCalculator(TaxPolicy taxPolicy, ShippingPolicy shippingPolicy, QuoteLimits limits) {
        this(taxPolicy, shippingPolicy, limits, DiscountPolicy.none());
    }

    public QuoteCalculator(
            TaxPolicy taxPolicy, ShippingPolicy shippingPolicy, QuoteLimits limits, DiscountPolicy discountPolicy) {
        this.taxPolicy = taxPolicy;
        this.shippingPolicy = shippingPolicy;
        this.limits = limits;
        this.discountPolicy = discountPolicy;
    }

    /** The codes whose redemption counts {@link #quote(QuoteRequest, Map, Set, Map, Instant)} needs. */
    public List<String> limitedDiscountCodes() {
        return discountPolicy.limitedCodes();
    }

    /** The usage limit of each usage-limited code (normalized code → limit). */
    public Map<String, Long> discountUsageLimits() {
        return discountPolicy.usageLimits();
    }

    public QuoteReply quote(QuoteRequest request, Map<String, QuoteItem> items, Set<String> currencies, Instant at) {
        return quote(request, items, currencies, Map.of(), at);
    }

    /** @param redeemed uses so far of the usage-limited codes (normalized code → count) */
    public QuoteReply quote(QuoteRequest request, Map<String, QuoteItem> items, Set<String> currencies,
            Map<String, Long> redeemed, Instant at) {
        Optional<Rejection> rejection = rejection(request, items, currencies);
        if (rejection.isPresent()) {
            return QuoteReply.rejected(request.requestId(), request.sessionId(), rejection.get(), at);
        }
        List<DiscountPolicy.Line> discountLines = new ArrayList<>();
        long weight = 0;
        boolean requiresShipping = false;
        for (QuoteLine line : request.lines()) {
            QuoteItem item = items.get(line.itemId());
            discountLines.add(new DiscountPolicy.Line(
                    line.itemId(), Math.multiplyExact(item.unitAmount(), line.quantity())));
            if (item.requiresShipping()) {
                requiresShipping = true;
                weight = Math.addExact(weight, Math.multiplyExact(Math.max(0, item.weightGrams()), line.quantity()));
            }
        }
        DiscountPolicy.Outcome discounts = discountPolicy.apply(
                discountLines, request.currency(), request.discountCodes(), redeemed, at);
        long subtotalBeforeTax = 0;
        for (int i = 0; i < discountLines.size(); i++) {
            subtotalBeforeTax = Math.addExact(subtotalBeforeTax,
                    discountLines.get(i).baseAmount() - discounts.lineDiscounts()[i]);
        }

        List<ShippingPolicy.Offer> offers = shippingPolicy.offersFor(
                new ShippingPolicy.Cart(requiresShipping, subtotalBeforeTax, weight, request.address()),
                taxPolicy, at);
        // The buyer's choice; else the first option that is not pickup (a store is never chosen for the buyer).
        ShippingPolicy.Offer selected = offers.stream()
                .filter(offer -> offer.quote().id().equals(request.selectedFulfillmentOptionId()))
                .findFirst()
                .orElse(offers.stream().filter(offer -> !"pickup".equals(offer.quote().type())).findFirst()
                        .orElse(null));
        // Tax is taken where the goods are handed over: the store for pickup, else the buyer's address.
        QuoteAddress taxAddress = selected != null && "pickup".equals(selected.quote().type())
                ? selected.taxAddress() : request.address();
        TaxSheet taxes = new TaxSheet(taxPolicy.rulesFor(taxAddress));

        List<PricedLine> lines = new ArrayList<>();
        List<QuoteMessage> messages = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            QuoteLine line = request.lines().get(i);
            QuoteItem item = items.get(line.itemId());
            lines.add(priceLine(i, line, item, discounts.lineDiscounts()[i], taxes));
            messages.addAll(stockMessages(i, line, item));
        }
        for (DiscountPolicy.Rejected rejected : discounts.rejected()) {
            messages.add(new QuoteMessage("warning", rejected.discount().reason(),
                    "$.discounts.codes[" + rejected.index() + "]", rejected.discount().message()));
        }
        boolean hasAddress = request.address() != null && request.address().country() != null;
        if (requiresShipping && !hasAddress && (selected == null || selected.quote().needsAddress())) {
            messages.add(new QuoteMessage(
                    "error", "missing", "$.fulfillment_details.address", "A shipping address is required."));
        } else if (requiresShipping && selected == null) {
            messages.add(new QuoteMessage("error", "invalid", "$.fulfillment_details.address",
                    "We cannot deliver this cart to this address; choose another address or a pickup option."));
        }
        long baseAmount = lines.stream().mapToLong(PricedLine::baseAmount).sum();
        long itemsDiscount = lines.stream().mapToLong(PricedLine::discount).sum();
        long subtotal = lines.stream().mapToLong(PricedLine::subtotal).sum();
        long lineTax = lines.stream().mapToLong(PricedLine::tax).sum();

        long fulfillment = selected == null ? 0 : selected.quote().subtotal();
        long fulfillmentTax = selected == null || selected.taxAddress() == null ? 0
                : taxes.taxFulfillment(selected.fee()).tax();
        long tax = Math.addExact(lineTax, fulfillmentTax);
        List<FulfillmentOptionQuote> options = offers.stream().map(ShippingPolicy.Offer::quote).toList();

        List<QuoteTotal> totals = new ArrayList<>();
        totals.add(new QuoteTotal("items_base_amount", "Item(s) total", baseAmount));
        if (itemsDiscount > 0) {
            totals.add(new QuoteTotal("items_discount", "Discount", itemsDiscount));
        }
        totals.add(new QuoteTotal("subtotal", "Subtotal", subtotal));
        totals.add(new QuoteTotal("fulfillment", fulfillmentText(requiresShipping, selected), fulfillment));
        totals.add(new QuoteTotal("tax", taxes.displayText(), tax, taxes.breakdown()));
        totals.add(new QuoteTotal("total", "Total", Math.addExact(Math.addExact(subtotal, fulfillment), tax)));
        return new QuoteReply(
                request.requestId(),
                request.sessionId(),
                request.currency().toLowerCase(Locale.ROOT),
                lines,
                options,
                selected == null ? null : selected.quote().id(),
                totals,
                messages,
                null,
                at,
                discounts.applied(),
                discounts.rejected().stream().map(DiscountPolicy.Rejected::discount).toList());
    }

    private static Optional<Rejection> rejection(
            QuoteRequest request, Map<String, QuoteItem> items, Set<String> currencies) {
        String currency = request.currency() == null ? "" : request.currency().toUpperCase(Locale.ROOT);
        if (!currencies.contains(currency)) {
            return Optional.of(new Rejection(
                    "unsupported_currency", "$.currency",
                    "The currency '" + request.currency() + "' is not supported."));
        }
        for (int i = 0; i < request.lines().size(); i++) {
            QuoteLine line = request.lines().get(i);
            QuoteItem item = items.get(line.itemId());
            if (item == null) {
                return Optional.of(new Rejection(
                        "invalid_item_id", "$.line_items[" + i + "].id",
                        "The item ID '" + line.itemId() + "' does not exist."));
            }
            if (line.quantity() <= 0) {
                return Optional.of(new Rejection(
                        "invalid", "$.line_items[" + i + "].quantity", "The quantity must be at least 1."));
            }
            if (!item.currency().equalsIgnoreCase(currency)) {
                return Optional.of(new Rejection(
                        "unsupported_currency", "$.currency",
                        "The item '" + line.itemId() + "' is not sold in " + request.currency() + "."));
            }
        }
        return Optional.empty();
    }

    private static String fulfillmentText(boolean requiresShipping, ShippingPolicy.Offer selected) {
        if (!requiresShipping) {
            return "Delivery";
        }
        if (selected != null && "pickup".equals(selected.quote().type())) {
            return "Pickup";
        }
        return selected != null && "local_delivery".equals(selected.quote().type()) ? "Local delivery" : "Shipping";
    }

    private PricedLine priceLine(int index, QuoteLine line, QuoteItem item, long discount, TaxSheet taxes) {
        long base = Math.multiplyExact(item.unitAmount(), line.quantity());
        // tax-exclusive: subtotal = base − discount, tax on top; tax-inclusive: base − discount is the gross and the
        // tax is extracted from it, subtotal = gross − tax
        TaxSheet.Split taxed = taxes.taxLine(base - discount);
        long subtotal = taxed.net();
        long tax = taxed.tax();
        int available = Math.max(0, item.availableQuantity());
        return new PricedLine(
                "li_" + (index + 1),
                item.itemId(),
                line.quantity(),
                item.title(),
                item.description(),
                item.imageUrl(),
                item.unitAmount(),
                base,
                discount,
                subtotal,
                tax,
                subtotal + tax,
                availability(available),
                available,
                item.requiresShipping());
    }

    private String availability(int available) {
        if (available == 0) {
            return "out_of_stock";
        }
        return available <= limits.lowStockThreshold() ? "low_stock" : "in_stock";
    }

    private List<QuoteMessage> stockMessages(int index, QuoteLine line, QuoteItem item) {
        String path = "$.line_items[" + index + "]";
        int available = Math.max(0, item.availableQuantity());
        List<QuoteMessage> messages = new ArrayList<>();
        if (line.quantity() > limits.maxQuantityPerLine()) {
            messages.add(new QuoteMessage(
                    "error", "quantity_exceeded", path + ".quantity",
                    "At most " + limits.maxQuantityPerLine() + " of '" + item.title() + "' can be ordered at once."));
        }
        if (line.quantity() > available) {
            messages.add(new QuoteMessage(
                    "error", "out_of_stock", path,
                    available == 0
                            ? "'" + item.title() + "' is out of stock."
                            : "Only " + available + " of '" + item.title() + "' left in stock."));
        } else if (available <= limits.lowStockThreshold()) {
            messages.add(new QuoteMessage(
                    "warning", "low_stock", path, "Only " + available + " of '" + item.title() + "' left."));
        }
        return messages;
    }
}
