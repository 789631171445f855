package org.acpmerchant.checkout.it;

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
        var option = new FulfillmentOptionQuote("ship_standard", "shipping", "Standard", null, "USPS", now, now, 500, 0, 500);
        return json.writeValueAsString(new QuoteReply(request.requestId(), request.sessionId(), request.currency(),
                lines, List.of(option), "ship_standard",
                List.of(new QuoteTotal("items_base_amount", "Item(s) total", subtotal),
                        new QuoteTotal("subtotal", "Subtotal", subtotal),
                        new QuoteTotal("fulfillment", "Shipping", 500),
                        new QuoteTotal("tax", "Tax", 0),
                        new QuoteTotal("total", "Total", subtotal + 500)),
                List.of(), null, now));
    }
}
