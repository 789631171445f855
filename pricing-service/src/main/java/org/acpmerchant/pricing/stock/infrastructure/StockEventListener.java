package org.acpmerchant.pricing.stock.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderItemsReleased;
import org.acpmerchant.platform.messaging.EventHandlers;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final EventHandlers handlers;

    public StockEventListener(IntegrationEventReceiver receiver, Clock clock, Duration reservationTtl) {
        this.receiver = receiver;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
        this.handlers = handlers();
    }

    @KafkaListener(
            topics = {Topics.STOCK_REQUESTS, Topics.ORDER_EVENTS, Topics.CHECKOUT_EVENTS},
            groupId = "${spring.kafka.consumer.group-id:pricing-service}",
            concurrency = "${acp.pricing.stock.listener-concurrency:2}")
    public void on(ConsumerRecord<String, String> record) {
        receiver.receive(CONSUMER, record, handlers);
    }

    Object toCommand(IntegrationMessage message) {
        return handlers.toCommand(message.event());
    }

    private EventHandlers handlers() {
        return EventHandlers.builder()
                .on(StockReservationRequested.class, requested -> {
                    Instant now = clock.instant();
                    return new ReserveStock(
                            requested.reservationId(),
                            requested.sessionId(),
                            requested.attemptId(),
                            requested.lines(),
                            now,
                            now.plus(reservationTtl),
                            requested.discountCodes().stream().map(DiscountRule::normalize).distinct().toList());
                })
                .on(StockReleaseRequested.class, release -> new ReleaseStock(release.reservationId(),
                        release.sessionId(), release.reason(), clock.instant()))
                .on(OrderCreated.class, order -> order.reservationId() == null ? null
                        : new CommitStock(order.reservationId(), order.orderId(), clock.instant()))
                .on(OrderItemsReleased.class, released -> released.reservationId() == null ? null
                        : new RestockReleased(released.reservationId(), released.orderId(), released.releaseId(),
                                released.lines(), clock.instant()))
                .build();
    }
}
