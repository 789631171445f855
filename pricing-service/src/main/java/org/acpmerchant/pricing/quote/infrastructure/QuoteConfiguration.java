package org.acpmerchant.pricing.quote.infrastructure;

import java.time.Clock;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.application.PricingRules;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
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
        return PricingRules.calculator(properties);
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
