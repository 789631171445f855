package org.acpmerchant.checkout.it;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * A stand-in for pricing-service in checkout-api's own integration tests (the real one runs in deploy's end-to-end
 * tests): answers quote requests over the real Kafka request/reply path from a two-item price list.
 */
public class PricingResponder {

    static final Map<String, Long> PRICES = Map.of("shirt-m", 2500L, "mug", 1200L);

    private final ObjectMapper json = AxonJson.newObjectMapper();

    @KafkaListener(topics = Topics.QUOTE_REQUESTS, groupId = "test-pricing")
    @SendTo
    public String quote(String value) throws Exception {
        QuoteRequest request = json.readValue(value, QuoteRequest.class);
        Instant now = Instant.now();
        List<PricedLine> lines = new ArrayList<>();
        long subtotal = 0;
        for (int i = 0; i < request.lines().size(); i++) {
            var line = request.lines().get(i);
            Long price = PRICES.get(line.itemId());
            if (price == null) {
                return json.writeValueAsString(QuoteReply.rejected(request.requestId(), request.sessionId(),
                        new QuoteReply.Rejection("invalid_item_id", "$.line_items[" + i + "].id",
                                "The item ID '" + line.itemId() + "' does not exist."), now));
            }
            long amount = price * line.quantity();
            subtotal += amount;
            lines.add(new PricedLine("li_" + (i + 1), line.itemId(), line.quantity(), line.itemId(), null, null, price,
                    amount, 0, amount, 0, amount, "in_stock", 100, true));
        }
        var shipping = new FulfillmentOptionQuote("ship_standard", "shipping", "Standard", null, "USPS", now, now, 500,
                0, 500);
        var pickup = new FulfillmentOptionQuote("pickup_store_1", "pickup", "Pick up at Market St", null, null, null,
                null, 0, 0, 0,
                new QuoteReply.PickupDetails("store_1", "Market St store",
                        new QuoteReply.PickupAddress(null, "1 Market St", null, "San Francisco", "CA", "US", "94105"),
                        "+1 415 555 0100", "Ask at the counter", "in_store", now.plusSeconds(7200), null),
                null);
        var local = new FulfillmentOptionQuote("local_sf", "local_delivery", "Same-day delivery", null, null,
                now.plusSeconds(3600), now.plusSeconds(3 * 3600), 900, 0, 900, null,
                new QuoteReply.ServiceArea(10, "94105"));
        String requested = request.selectedFulfillmentOptionId();
        String selected = "pickup_store_1".equals(requested) || "local_sf".equals(requested) ? requested
                : "ship_standard";
        long fee = switch (selected) {
            case "pickup_store_1" -> 0;
            case "local_sf" -> 900;
            default -> 500;
        };
        // Picked up in San Francisco: state 6 % and city 2.5 % on the goods; elsewhere no tax (the test store's rule).
        long stateTax = "pickup_store_1".equals(selected) ? subtotal * 6 / 100 : 0;
        long cityTax = "pickup_store_1".equals(selected) ? subtotal * 25 / 1000 : 0;
        List<QuoteReply.TaxBreakdown> breakdown = "pickup_store_1".equals(selected)
                ? List.of(new QuoteReply.TaxBreakdown("California", new BigDecimal("0.06"), stateTax),
                        new QuoteReply.TaxBreakdown("San Francisco", new BigDecimal("0.025"), cityTax))
                : List.of();
        long tax = stateTax + cityTax;
        return json.writeValueAsString(new QuoteReply(request.requestId(), request.sessionId(), request.currency(),
                lines, List.of(shipping, pickup, local), selected,
                List.of(new QuoteTotal("items_base_amount", "Item(s) total", subtotal),
                        new QuoteTotal("subtotal", "Subtotal", subtotal),
                        new QuoteTotal("fulfillment", "pickup_store_1".equals(selected) ? "Pickup" : "Shipping", fee),
                        new QuoteTotal("tax", "Tax", tax, breakdown),
                        new QuoteTotal("total", "Total", subtotal + fee + tax)),
                List.of(), null, now));
    }
}
