package org.acpmerchant.pricing.quote.infrastructure;

import java.time.Clock;
import org.acpmerchant.pricing.PricingProperties;
import java.util.List;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply.PickupAddress;
import org.acpmerchant.pricing.quote.domain.LocalDeliveryOption;
import org.acpmerchant.pricing.quote.domain.PickupLocation;
import org.acpmerchant.pricing.quote.domain.ShippingZone;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.acpmerchant.pricing.quote.domain.DiscountPolicy;
import org.acpmerchant.pricing.quote.domain.DiscountRule;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.domain.QuoteLimits;
import org.acpmerchant.pricing.quote.domain.ShippingOption;
import org.acpmerchant.pricing.quote.domain.ShippingPolicy;
import org.acpmerchant.pricing.quote.domain.TaxPolicy;
import org.acpmerchant.pricing.quote.domain.TaxRule;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** Quote pricing from {@code acp.pricing.*}: tax rules, shipping options, limits. */
@Configuration(proxyBeanMethods = false)
public class QuoteConfiguration {

    @Bean
    QuoteCalculator quoteCalculator(PricingProperties properties) {
        return calculator(properties);
    }

    /** The calculator of a pricing configuration (also a what-if's candidate); rejects rules that make no sense. */
    public static QuoteCalculator calculator(PricingProperties properties) {
        var tax = new TaxPolicy(properties.tax().rules().stream()
                .map(r -> new TaxRule(r.country(), r.region(), r.postalPrefix(), r.ratePpm(), r.jurisdiction(),
                        r.shippingTaxable(), r.pricesIncludeTax()))
                .toList());
        var shipping = shippingPolicy(properties.shipping());
        var limits = new QuoteLimits(
                properties.limits().maxQuantityPerLine(), properties.limits().lowStockThreshold());
        var discounts = new DiscountPolicy(properties.discounts().stream()
                .map(d -> new DiscountRule(
                        d.id(), d.code(), d.name(), d.percentOff(), d.amountOff(), d.currency(),
                        d.minimumSubtotal() == null ? 0 : d.minimumSubtotal(), d.startsAt(), d.endsAt(),
                        d.usageLimit(), Boolean.TRUE.equals(d.stackable()),
                        d.priority() == null ? 1 : d.priority(),
                        d.itemIds() == null ? Set.of() : Set.copyOf(d.itemIds())))
                .toList());
        return new QuoteCalculator(tax, shipping, limits, discounts);
    }

    static ShippingPolicy shippingPolicy(PricingProperties.Shipping shipping) {
        return new ShippingPolicy(
                shipping.zones().stream()
                        .map(z -> new ShippingZone(z.id(), z.countries() == null ? null : Set.copyOf(z.countries()),
                                z.regions() == null ? null : Set.copyOf(z.regions()), z.postalPrefixes()))
                        .toList(),
                shipping.options().stream()
                        .map(o -> new ShippingOption(
                                o.id(), o.title(), o.carrier(), o.fee(), o.minDays(), o.maxDays(), o.freeThreshold(),
                                o.zones() == null ? Set.of() : Set.copyOf(o.zones()),
                                o.weightRates() == null ? List.of() : o.weightRates().stream()
                                        .map(w -> new ShippingOption.WeightRate(w.maxGrams(), w.fee())).toList()))
                        .toList(),
                shipping.localDelivery().stream()
                        .map(l -> new LocalDeliveryOption(l.id(), l.title(), l.carrier(), l.fee(), l.freeThreshold(),
                                l.country(), l.postalCodes(), l.radiusMiles(), l.centerPostalCode(), l.leadTime(),
                                l.window()))
                        .toList(),
                shipping.pickup().stream()
                        .map(p -> new PickupLocation(p.id(), p.locationId(), p.name(), p.address() == null ? null
                                : new PickupAddress(p.address().name() == null ? p.name() : p.address().name(),
                                        p.address().lineOne(), p.address().lineTwo(), p.address().city(),
                                        p.address().state(), p.address().country(), p.address().postalCode()),
                                p.phone(), p.instructions(), p.pickupType(), p.readyIn(), p.holdFor(),
                                p.fee() == null ? 0 : p.fee()))
                        .toList());
    }

    /** Also a parameter of the stock reservation's commit handler. */
    @Bean
    JdbcDiscountRedemptions discountRedemptions(JdbcTemplate jdbc, QuoteCalculator calculator) {
        return new JdbcDiscountRedemptions(jdbc, calculator.discountUsageLimits());
    }

    @Bean
    QuoteService quoteService(
            JdbcTemplate jdbc, JdbcDiscountRedemptions redemptions, QuoteCalculator calculator, Clock clock) {
        return new QuoteService(new JdbcPriceCatalog(jdbc), redemptions, calculator, clock);
    }

    /**
     * Boot's listener factory finds no {@code KafkaTemplate<Object, Object>} for replies; this one has the template.
     * A quote is never retried: its requester waits only {@code acp.checkout.quote-timeout}, and a request that fails
     * must not hold up the quotes behind it (the listener answers every failure itself; this handler only logs).
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> quoteListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<Object, Object> consumerFactory,
            KafkaTemplate<String, String> kafkaTemplate) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory);
        factory.setReplyTemplate(kafkaTemplate);
        factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(0, 0)));
        return factory;
    }

    @Bean
    QuoteRequestListener quoteRequestListener(QuoteService quotes) {
        return new QuoteRequestListener(quotes);
    }
}
