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
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.springframework.kafka.annotation.KafkaListener;

/** Records on the session what pricing, payment and order services report about its completion attempt. */
public class IntegrationEventListener {

    static final String CONSUMER = "checkout-api";

    private final IntegrationEventReceiver receiver;
    private final Clock clock;

    public IntegrationEventListener(IntegrationEventReceiver receiver, Clock clock) {
        this.receiver = receiver;
        this.clock = clock;
    }

    @KafkaListener(
            id = "checkout-api-integration-events",
            topics = {Topics.PRICING_EVENTS, Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS},
            groupId = "${spring.kafka.consumer.group-id:checkout-api}")
    public void on(String value) {
        receiver.receive(CONSUMER, value, this::toCommand);
    }

    Object toCommand(IntegrationMessage message) {
        var at = clock.instant();
        Object event = message.event();
        if (event instanceof StockReserved e) {
            return new RecordStockReserved(e.sessionId(), e.reservationId(), at);
        }
        if (event instanceof StockReservationRejected e) {
            return new RecordStockRejected(e.sessionId(), e.reservationId(), e.shortages(), at,
                    e.exhaustedDiscountCodes());
        }
        if (event instanceof PaymentAuthorized e) {
            return new RecordPaymentAuthorized(e.sessionId(), e.paymentId(), at);
        }
        if (event instanceof PaymentDeclined e) {
            return new RecordPaymentDeclined(e.sessionId(), e.paymentId(), e.declineCode(), e.message(), at);
        }
        if (event instanceof PaymentAuthenticationRequired e) {
            return new RecordAuthenticationRequired(e.sessionId(), e.paymentId(), at);
        }
        if (event instanceof PaymentFailed e) {
            return new RecordPaymentFailed(e.sessionId(), e.paymentId(), e.reason(), at);
        }
        if (event instanceof OrderCreated e) {
            return new RecordOrderCreated(e.sessionId(), e.orderId(), e.permalinkUrl(), at);
        }
        if (event instanceof OrderRejected e) {
            return new RecordOrderRejected(e.sessionId(), e.orderId(), e.reason(), at);
        }
        return null;
    }
}
