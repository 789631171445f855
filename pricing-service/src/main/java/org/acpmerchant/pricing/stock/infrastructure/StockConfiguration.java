package org.acpmerchant.pricing.stock.infrastructure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
    JdbcStockLedger stockLedger(JdbcTemplate jdbc, MeterRegistry meters) {
        JdbcStockLedger ledger = new JdbcStockLedger(jdbc);
        Gauge.builder("acp.stock.holds", jdbc,
                        j -> j.queryForObject("select count(distinct reservation_id) from stock_hold", Long.class))
                .description("Stock reservations held for checkouts that are paying").register(meters);
        return ledger;
    }

    @Bean
    StockEventListener stockEventListener(
            IntegrationEventReceiver receiver, Clock clock, PricingProperties properties) {
        return new StockEventListener(receiver, clock, properties.stock().reservationTtl());
    }

    @Bean
    ExpiredReservationSweeper expiredReservationSweeper(
            JdbcStockLedger ledger, CommandGateway commands, Clock clock, MeterRegistry meters) {
        return new ExpiredReservationSweeper(ledger, commands, clock).meteredBy(meters);
    }
}
