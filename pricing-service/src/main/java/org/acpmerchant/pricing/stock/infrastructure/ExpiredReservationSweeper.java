package org.acpmerchant.pricing.stock.infrastructure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.acpmerchant.pricing.stock.api.ReleaseStock;
import org.acpmerchant.pricing.stock.domain.StockLedger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Releases reservations whose hold expired without an order ({@code StockReleased} reason {@code expired}). */
public class ExpiredReservationSweeper {

    public static final String EXPIRED = "expired";
    private static final Logger log = LoggerFactory.getLogger(ExpiredReservationSweeper.class);

    private final StockLedger ledger;
    private final CommandGateway commands;
    private final Clock clock;

    private Counter expired = Counter.builder("acp.stock.holds.expired").register(new SimpleMeterRegistry());

    /** Where released expired holds are counted ({@code acp_stock_holds_expired_total}). */
    public ExpiredReservationSweeper meteredBy(MeterRegistry meters) {
        expired = Counter.builder("acp.stock.holds.expired")
                .description("Stock reservations released because they expired (a checkout that never paid)")
                .register(meters);
        return this;
    }

    public ExpiredReservationSweeper(StockLedger ledger, CommandGateway commands, Clock clock) {
        this.ledger = ledger;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${acp.pricing.stock.sweep-interval:PT30S}",
            fixedDelayString = "${acp.pricing.stock.sweep-interval:PT30S}")
    public void releaseExpired() {
        for (String reservationId : ledger.expiredBefore(clock.instant(), 100)) {
            try {
                commands.sendAndWait(new ReleaseStock(reservationId, null, EXPIRED, clock.instant()));
                expired.increment();
            } catch (RuntimeException e) {
                log.warn("Could not release expired reservation {}: {}", reservationId, e.getMessage());
            }
        }
    }
}
