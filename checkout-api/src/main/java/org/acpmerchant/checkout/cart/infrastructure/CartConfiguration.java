package org.acpmerchant.checkout.cart.infrastructure;

import org.acpmerchant.checkout.cart.Carts;
import java.time.Clock;
import java.time.Duration;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.session.application.PricingQuotes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration
class CartConfiguration {

    @Bean
    Carts carts(JdbcTemplate jdbc, PricingQuotes pricing, Clock clock, CheckoutProperties props,
            TransactionTemplate tx, IdempotencyStore idempotency) {
        return new Carts(jdbc, pricing, clock, Duration.ofHours(1), props.defaultCurrency(), tx, idempotency);
    }
}
