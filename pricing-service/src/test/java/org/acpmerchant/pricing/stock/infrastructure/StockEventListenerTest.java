package org.acpmerchant.pricing.stock.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.pricing.stock.api.CommitStock;
import org.acpmerchant.pricing.stock.api.ReleaseStock;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.junit.jupiter.api.Test;

class StockEventListenerTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    final StockEventListener listener =
            new StockEventListener(null, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));

    static IntegrationMessage message(IntegrationEvent event) {
        return new IntegrationMessage("m1", EventTypes.of(event.getClass()).orElseThrow(), event, NOW, null, null);
    }

    @Test
    void reservationRequested_becomesReserveStock_expiringAfterTheTtl() {
        var lines = List.of(new StockLine("tee", 1));
        Object command = listener.toCommand(message(
                new StockReservationRequested("res_1", "cs_1", "att_1", lines, NOW.minusSeconds(1))));

        assertThat(command).isEqualTo(new ReserveStock("res_1", "cs_1", "att_1", lines, NOW, NOW.plusSeconds(900)));
    }

    @Test
    void reservationRequested_carriesTheNormalizedDiscountCodes() {
        var lines = List.of(new StockLine("tee", 1));
        Object command = listener.toCommand(message(new StockReservationRequested(
                "res_1", "cs_1", "att_1", lines, NOW, List.of("save10", " SAVE10", "Vip"))));

        assertThat(command).isEqualTo(new ReserveStock(
                "res_1", "cs_1", "att_1", lines, NOW, NOW.plusSeconds(900), List.of("SAVE10", "VIP")));
    }

    @Test
    void releaseRequested_becomesReleaseStock() {
        assertThat(listener.toCommand(message(new StockReleaseRequested("res_1", "cs_1", "canceled", NOW))))
                .isEqualTo(new ReleaseStock("res_1", "cs_1", "canceled", NOW));
    }

    @Test
    void orderCreated_becomesCommitStock_onlyWithAReservation() {
        assertThat(listener.toCommand(message(new OrderCreated("ord_1", "cs_1", "pay_1", "res_1", "u", 1, "usd", NOW))))
                .isEqualTo(new CommitStock("res_1", "ord_1", NOW));
        assertThat(listener.toCommand(message(new OrderCreated("ord_1", "cs_1", "pay_1", null, "u", 1, "usd", NOW))))
                .isNull();
    }

    @Test
    void otherEvents_areIgnored() {
        assertThat(listener.toCommand(message(new OrderRejected("ord_1", "cs_1", "no", NOW)))).isNull();
    }
}
