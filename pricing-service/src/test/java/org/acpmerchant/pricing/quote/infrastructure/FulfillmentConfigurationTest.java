package org.acpmerchant.pricing.quote.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.FulfillmentOptionQuote;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The documented {@code acp.pricing.tax.*} and {@code acp.pricing.shipping.*} keys bind and build the policies. */
class FulfillmentConfigurationTest {

    static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("acp.pricing.tax.rules[0].country", "US"),
            Map.entry("acp.pricing.tax.rules[0].region", "CA"),
            Map.entry("acp.pricing.tax.rules[0].rate-ppm", "60000"),
            Map.entry("acp.pricing.tax.rules[0].jurisdiction", "California"),
            Map.entry("acp.pricing.tax.rules[1].country", "US"),
            Map.entry("acp.pricing.tax.rules[1].region", "CA"),
            Map.entry("acp.pricing.tax.rules[1].postal-prefix", "941"),
            Map.entry("acp.pricing.tax.rules[1].rate-ppm", "12500"),
            Map.entry("acp.pricing.tax.rules[1].jurisdiction", "San Francisco"),
            Map.entry("acp.pricing.tax.rules[1].shipping-taxable", "true"),
            Map.entry("acp.pricing.shipping.zones[0].id", "us"),
            Map.entry("acp.pricing.shipping.zones[0].countries[0]", "US"),
            Map.entry("acp.pricing.shipping.options[0].id", "ground"),
            Map.entry("acp.pricing.shipping.options[0].title", "Ground"),
            Map.entry("acp.pricing.shipping.options[0].min-days", "3"),
            Map.entry("acp.pricing.shipping.options[0].max-days", "5"),
            Map.entry("acp.pricing.shipping.options[0].zones[0]", "us"),
            Map.entry("acp.pricing.shipping.options[0].weight-rates[0].max-grams", "1000"),
            Map.entry("acp.pricing.shipping.options[0].weight-rates[0].fee", "600"),
            Map.entry("acp.pricing.shipping.options[0].weight-rates[1].max-grams", "5000"),
            Map.entry("acp.pricing.shipping.options[0].weight-rates[1].fee", "1100"),
            Map.entry("acp.pricing.shipping.local-delivery[0].id", "courier-sf"),
            Map.entry("acp.pricing.shipping.local-delivery[0].fee", "899"),
            Map.entry("acp.pricing.shipping.local-delivery[0].postal-codes[0]", "941*"),
            Map.entry("acp.pricing.shipping.local-delivery[0].radius-miles", "10"),
            Map.entry("acp.pricing.shipping.local-delivery[0].center-postal-code", "94103"),
            Map.entry("acp.pricing.shipping.local-delivery[0].lead-time", "PT3H"),
            Map.entry("acp.pricing.shipping.local-delivery[0].window", "PT2H"),
            Map.entry("acp.pricing.shipping.pickup[0].id", "pickup-sf"),
            Map.entry("acp.pricing.shipping.pickup[0].location-id", "store_sf"),
            Map.entry("acp.pricing.shipping.pickup[0].name", "Market Street store"),
            Map.entry("acp.pricing.shipping.pickup[0].pickup-type", "curbside"),
            Map.entry("acp.pricing.shipping.pickup[0].ready-in", "PT2H"),
            Map.entry("acp.pricing.shipping.pickup[0].hold-for", "P3D"),
            Map.entry("acp.pricing.shipping.pickup[0].address.line-one", "1 Market St"),
            Map.entry("acp.pricing.shipping.pickup[0].address.city", "San Francisco"),
            Map.entry("acp.pricing.shipping.pickup[0].address.state", "CA"),
            Map.entry("acp.pricing.shipping.pickup[0].address.country", "US"),
            Map.entry("acp.pricing.shipping.pickup[0].address.postal-code", "94105"));

    @Test
    void documentedKeys_bind_andPriceACart() {
        PricingProperties properties = new Binder(new MapConfigurationPropertySource(KEYS))
                .bind("acp.pricing", PricingProperties.class).get();
        var calculator = new QuoteConfiguration().quoteCalculator(properties);
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        var tee = new QuoteItem("tee", "Tee", null, null, 2000, "USD", true, 10, 1500);

        QuoteReply reply = calculator.quote(new QuoteRequest("q", "cs", "usd", List.of(new QuoteLine("tee", 2)),
                new QuoteAddress("US", "CA", "94110"), null, null), Map.of("tee", tee), Set.of("USD"), now);

        assertThat(reply.fulfillmentOptions()).extracting(FulfillmentOptionQuote::id, FulfillmentOptionQuote::subtotal)
                .containsExactly(tuple("ground", 1100L),
                        tuple("courier-sf", 899L),
                        tuple("pickup-sf", 0L));
        FulfillmentOptionQuote pickup = reply.fulfillmentOptions().get(2);
        assertThat(pickup.pickup().address().name()).isEqualTo("Market Street store");
        assertThat(pickup.pickup().pickupType()).isEqualTo("curbside");
        assertThat(reply.fulfillmentOptions().get(1).serviceArea().radiusMiles()).isEqualTo(10);
        // 4000 × 6 % = 240, × 1.25 % = 50; ground 1100 taxed only by San Francisco: 13.75 → 14
        QuoteReply.QuoteTotal tax = reply.totals().stream().filter(t -> t.type().equals("tax")).findFirst()
                .orElseThrow();
        assertThat(tax.breakdown()).extracting(QuoteReply.TaxBreakdown::jurisdiction, QuoteReply.TaxBreakdown::amount)
                .containsExactly(tuple("California", 240L),
                        tuple("San Francisco", 50L + 14));
        assertThat(tax.amount()).isEqualTo(304);
    }
}
