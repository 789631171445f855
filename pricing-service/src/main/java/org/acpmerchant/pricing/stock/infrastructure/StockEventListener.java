package org.acpmerchant.pricing.stock.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderItemsReleased;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.pricing.quote.domain.DiscountRule;
import org.acpmerchant.pricing.stock.api.CommitStock;
import org.acpmerchant.pricing.stock.api.ReleaseStock;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.acpmerchant.pricing.stock.api.RestockReleased;
import org.springframework.kafka.annotation.KafkaListener;

/** Turns checkout's stock requests and order-service's {@code OrderCreated} into reservation commands. */
public class StockEventListener {

    public static final String CONSUMER = "pricing-stock";

    private final IntegrationEventReceiver receiver;
    private final Clock clock;
    private final Duration reservationTtl;

    public StockEventListener(IntegrationEventReceiver receiver, Clock clock, Duration reservationTtl) {
        this.receiver = receiver;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
    }

    @KafkaListener(
            topics = {Topics.CHECKOUT_EVENTS, Topics.ORDER_EVENTS},
            groupId = "${spring.kafka.consumer.group-id:pricing-service}",
            concurrency = "${acp.pricing.stock.listener-concurrency:2}")
    public void on(String value) {
        receiver.receive(CONSUMER, value, this::toCommand);
    }

    Object toCommand(IntegrationMessage message) {
        Instant now = clock.instant();
        if (message.event() instanceof StockReservationRequested requested) {
            return new ReserveStock(
                    requested.reservationId(),
                    requested.sessionId(),
                    requested.attemptId(),
                    requested.lines(),
                    now,
                    now.plus(reservationTtl),
                    requested.discountCodes().stream().map(DiscountRule::normalize).distinct().toList());
        }
        if (message.event() instanceof StockReleaseRequested release) {
            return new ReleaseStock(release.reservationId(), release.sessionId(), release.reason(), now);
        }
        if (message.event() instanceof OrderCreated order && order.reservationId() != null) {
            return new CommitStock(order.reservationId(), order.orderId(), now);
        }
        if (message.event() instanceof OrderItemsReleased released && released.reservationId() != null) {
            return new RestockReleased(released.reservationId(), released.orderId(), released.releaseId(),
                    released.lines(), now);
        }
        return null;
    }
}
