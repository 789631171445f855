package org.acpmerchant.pricing.quote.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.PricedLine;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** {@code acp.pricing.tax.rules[].prices-include-tax} binds, defaults to false and is validated per country. */
class TaxInclusiveConfigurationTest {

    static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("acp.pricing.tax.rules[0].country", "DE"),
            Map.entry("acp.pricing.tax.rules[0].rate-ppm", "190000"),
            Map.entry("acp.pricing.tax.rules[0].jurisdiction", "Germany VAT"),
            Map.entry("acp.pricing.tax.rules[0].shipping-taxable", "true"),
            Map.entry("acp.pricing.tax.rules[0].prices-include-tax", "true"),
            Map.entry("acp.pricing.tax.rules[1].country", "US"),
            Map.entry("acp.pricing.tax.rules[1].region", "CA"),
            Map.entry("acp.pricing.tax.rules[1].rate-ppm", "72500"),
            Map.entry("acp.pricing.tax.rules[1].jurisdiction", "California"),
            Map.entry("acp.pricing.shipping.options[0].id", "dhl"),
            Map.entry("acp.pricing.shipping.options[0].title", "DHL"),
            Map.entry("acp.pricing.shipping.options[0].fee", "499"),
            Map.entry("acp.pricing.shipping.options[0].min-days", "1"),
            Map.entry("acp.pricing.shipping.options[0].max-days", "3"));

    static PricingProperties bind(Map<String, String> keys) {
        return new Binder(new MapConfigurationPropertySource(keys)).bind("acp.pricing", PricingProperties.class).get();
    }

    @Test
    void pricesIncludeTax_binds_perRule_andDefaultsToExclusive() {
        PricingProperties properties = bind(KEYS);
        assertThat(properties.tax().rules()).extracting(PricingProperties.TaxRuleProperties::pricesIncludeTax)
                .containsExactly(true, false);
        var calculator = new QuoteConfiguration().quoteCalculator(properties);
        var shirt = new QuoteItem("shirt", "Shirt", null, null, 1190, "EUR", true, 10, 200);
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        QuoteReply berlin = calculator.quote(new QuoteRequest("q", "cs", "eur", List.of(new QuoteLine("shirt", 1)),
                new QuoteAddress("DE", null, "10115"), null, null), Map.of("shirt", shirt), Set.of("EUR"), now);
        assertThat(berlin.lines()).extracting(PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(1000L, 190L, 1190L));
        assertThat(berlin.totals()).extracting(QuoteReply.QuoteTotal::type, QuoteReply.QuoteTotal::amount)
                .contains(tuple("fulfillment", 419L), tuple("tax", 270L), tuple("total", 1190L + 499));

        QuoteReply california = calculator.quote(new QuoteRequest("q", "cs", "eur",
                List.of(new QuoteLine("shirt", 1)), new QuoteAddress("US", "CA", "94103"), null, null),
                Map.of("shirt", shirt), Set.of("EUR"), now);
        assertThat(california.lines()).extracting(PricedLine::subtotal, PricedLine::tax, PricedLine::total)
                .containsExactly(tuple(1190L, 86L, 1276L));
    }

    @Test
    void theShippedConfiguration_isTaxExclusive() throws Exception {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("pricing-service.yml", new ClassPathResource("pricing-service.yml"));
        PricingProperties.Tax tax = new Binder(ConfigurationPropertySources.from(sources))
                .bind("acp.pricing.tax", PricingProperties.Tax.class).get();
        assertThat(tax.rules()).isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.pricesIncludeTax()).isFalse());
    }

    @Test
    void rulesOfOneCountry_disagreeing_failAtStartUp() {
        Map<String, String> keys = new HashMap<>(KEYS);
        keys.put("acp.pricing.tax.rules[2].country", "DE");
        keys.put("acp.pricing.tax.rules[2].region", "BY");
        keys.put("acp.pricing.tax.rules[2].rate-ppm", "10000");
        assertThatThrownBy(() -> new QuoteConfiguration().quoteCalculator(bind(keys)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("country DE");
    }
}
