package org.acpmerchant.checkout.session.infrastructure;

import java.time.Clock;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordAuthenticationRequired;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordOrderCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordOrderRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentAuthorized;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentDeclined;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordPaymentFailed;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordStockRejected;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.RecordStockReserved;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentFailed;
import org.acpmerchant.events.pricing.StockReservationRejected;
import org.acpmerchant.events.pricing.StockReserved;
import org.acpmerchant.platform.messaging.EventHandlers;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Records on the session what pricing, payment and order services report about its completion attempt. */
public class IntegrationEventListener {

    static final String CONSUMER = "checkout-api";

    private final IntegrationEventReceiver receiver;
    private final Clock clock;
    private final EventHandlers handlers;

    public IntegrationEventListener(IntegrationEventReceiver receiver, Clock clock) {
        this.receiver = receiver;
        this.clock = clock;
        this.handlers = handlers();
    }

    @KafkaListener(
            id = "checkout-api-integration-events",
            topics = {Topics.PRICING_EVENTS, Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS},
            groupId = "${spring.kafka.consumer.group-id:checkout-api}")
    public void on(ConsumerRecord<String, String> record) {
        receiver.receive(CONSUMER, record, handlers);
    }

    private EventHandlers handlers() {
        return EventHandlers.builder()
                .on(StockReserved.class, e -> new RecordStockReserved(e.sessionId(), e.reservationId(), clock.instant()))
                .on(StockReservationRejected.class, e -> new RecordStockRejected(e.sessionId(), e.reservationId(),
                        e.shortages(), clock.instant(), e.exhaustedDiscountCodes()))
                .on(PaymentAuthorized.class, e -> new RecordPaymentAuthorized(e.sessionId(), e.paymentId(),
                        clock.instant()))
                .on(PaymentDeclined.class, e -> new RecordPaymentDeclined(e.sessionId(), e.paymentId(),
                        e.declineCode(), e.message(), clock.instant()))
                .on(PaymentAuthenticationRequired.class, e -> new RecordAuthenticationRequired(e.sessionId(),
                        e.paymentId(), clock.instant()))
                .on(PaymentFailed.class, e -> new RecordPaymentFailed(e.sessionId(), e.paymentId(), e.reason(),
                        clock.instant()))
                .on(OrderCreated.class, e -> new RecordOrderCreated(e.sessionId(), e.orderId(), e.permalinkUrl(),
                        clock.instant()))
                .on(OrderRejected.class, e -> new RecordOrderRejected(e.sessionId(), e.orderId(), e.reason(),
                        clock.instant()))
                .build();
    }
}
