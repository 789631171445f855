package org.acpmerchant.checkout.session;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.checkout.session.api.SessionModel.Address;
import org.acpmerchant.checkout.session.api.SessionModel.FulfillmentDetails;
import org.acpmerchant.checkout.session.api.SessionModel.LineRequest;
import org.acpmerchant.checkout.session.api.SessionModel.PaymentCredential;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.acpmerchant.events.quote.QuoteReply.QuoteTotal;

/** Test data: a session for two shirts shipped to California. */
public final class Fixtures {

    public static final String SESSION = "cs_test";
    public static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    public static final PaymentCredential CARD = new PaymentCredential("card_tokenized", "card", "spt", "spt_test_success");

    private Fixtures() {}

    public static SessionInputs inputs() {
        return new SessionInputs("usd", List.of(new LineRequest("shirt-m", 2)), null,
                new FulfillmentDetails("Jane Doe", null, "jane@example.com",
                        new Address("Jane Doe", "1 Main St", null, "San Francisco", "CA", "US", "94131", null)),
                null, List.of(), List.of("3ds"), null, null, null);
    }

    public static QuoteReply payableQuote() {
        return new QuoteReply("q1", SESSION, "usd",
                List.of(new PricedLine("li_1", "shirt-m", 2, "T-shirt", null, null, 2500, 5000, 0, 5000, 363, 5363,
                        "in_stock", 40, true)),
                List.of(new FulfillmentOptionQuote("ship_standard", "shipping", "Standard", null, "USPS", T0, T0,
                        500, 0, 500)),
                "ship_standard",
                List.of(new QuoteTotal("items_base_amount", "Item(s) total", 5000),
                        new QuoteTotal("subtotal", "Subtotal", 5000),
                        new QuoteTotal("fulfillment", "Shipping", 500),
                        new QuoteTotal("tax", "Tax", 363),
                        new QuoteTotal("total", "Total", 5863)),
                List.of(), null, T0);
    }

    public static QuoteReply outOfStockQuote() {
        QuoteReply q = payableQuote();
        return new QuoteReply(q.requestId(), q.sessionId(), q.currency(), q.lines(), q.fulfillmentOptions(),
                q.selectedFulfillmentOptionId(), q.totals(),
                List.of(new QuoteMessage("error", "out_of_stock", "$.line_items[0]", "T-shirt is out of stock.")),
                null, T0);
    }
}
