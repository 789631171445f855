package org.acpmerchant.pricing.stock.infrastructure;

import java.time.Clock;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.pricing.PricingProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The stock ledger (also a parameter of the reservation's command handlers), its Kafka inlet and expiry sweeper. */
@Configuration(proxyBeanMethods = false)
public class StockConfiguration {

    @Bean
    JdbcStockLedger stockLedger(JdbcTemplate jdbc) {
        return new JdbcStockLedger(jdbc);
    }

    @Bean
    StockEventListener stockEventListener(
            IntegrationEventReceiver receiver, Clock clock, PricingProperties properties) {
        return new StockEventListener(receiver, clock, properties.stock().reservationTtl());
    }

    @Bean
    ExpiredReservationSweeper expiredReservationSweeper(
            JdbcStockLedger ledger, CommandGateway commands, Clock clock) {
        return new ExpiredReservationSweeper(ledger, commands, clock);
    }
}
