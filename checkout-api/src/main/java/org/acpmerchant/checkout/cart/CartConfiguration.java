package org.acpmerchant.checkout.cart;

import java.time.Clock;
import java.time.Duration;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.session.application.PricingQuotes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration
class CartConfiguration {

    @Bean
    Carts carts(JdbcTemplate jdbc, PricingQuotes pricing, Clock clock, CheckoutProperties props) {
        return new Carts(jdbc, pricing, clock, Duration.ofHours(1), props.defaultCurrency());
    }
}
