package org.acpmerchant.payment.payment.infrastructure;

import java.time.Clock;
import java.util.List;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.PaymentVoidRequested;
import org.acpmerchant.events.order.OrderCanceled;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.payment.payment.api.PaymentCommand.CancelPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.CapturePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.RefundPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.RequestPayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.VoidPayment;
import org.acpmerchant.payment.payment.domain.PaymentRuleException;
import org.acpmerchant.platform.PlatformConfiguration;
import org.acpmerchant.platform.messaging.EventHandlers;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.platform.messaging.KeyOrderedBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns checkout's payment requests and order-service's {@code OrderCreated}, {@code OrderCanceled} and
 * {@code RefundRequested} into Payment commands, one per message, deduplicated by the inbox. A command that breaks a
 * Payment rule, or names a payment this service never saw, is logged and skipped (retrying cannot help); any other
 * failure leaves the message to be redelivered. A poll's records run side by side on {@link KeyOrderedBatch}'s
 * workers, one session's in order: each step waits on Stripe, and one record at a time per partition bounded the
 * Stripe calls in flight by the partition count (ADR 0058).
 */
@Component
class PaymentMessageListener {

    static final String CONSUMER = "payment-service";
    private static final String REQUESTS_LISTENER = "payment-checkout-events";
    private static final String ORDER_EVENTS_LISTENER = "payment-order-events";
    private static final Logger log = LoggerFactory.getLogger(PaymentMessageListener.class);

    private final IntegrationEventReceiver receiver;
    private final Clock clock;
    private final EventHandlers handlers;
    private final KeyOrderedBatch steps;

    PaymentMessageListener(IntegrationEventReceiver receiver, Clock clock, KeyOrderedBatch paymentSteps) {
        this.receiver = receiver;
        this.clock = clock;
        this.handlers = handlers();
        this.steps = paymentSteps;
    }

    /**
     * Authorizations and voids, apart from captures and refunds (the container below), so a poll of one never waits
     * for the other's Stripe calls. {@link Topics#CHECKOUT_EVENTS} is read for requests a previous release left there
     * (ADR 0057).
     */
    @KafkaListener(id = REQUESTS_LISTENER, idIsGroup = false,
            topics = {Topics.PAYMENT_REQUESTS, Topics.CHECKOUT_EVENTS},
            containerFactory = PlatformConfiguration.BATCH_LISTENER_FACTORY)
    void onCheckoutRequests(List<ConsumerRecord<String, String>> records) {
        steps.process(REQUESTS_LISTENER, CONSUMER, records, this::receive);
    }

    @KafkaListener(id = ORDER_EVENTS_LISTENER, idIsGroup = false, topics = Topics.ORDER_EVENTS,
            containerFactory = PlatformConfiguration.BATCH_LISTENER_FACTORY)
    void onOrderEvents(List<ConsumerRecord<String, String>> records) {
        steps.process(ORDER_EVENTS_LISTENER, CONSUMER, records, this::receive);
    }

    private void receive(ConsumerRecord<String, String> record) {
        try {
            receiver.receive(CONSUMER, record, handlers);
        } catch (PaymentRuleException e) {
            log.warn("Skipping a message that breaks a payment rule: {}", e.getMessage());
        } catch (AggregateNotFoundException e) {
            log.warn("Skipping a message for an unknown payment: {}", e.getMessage());
        }
    }

    private EventHandlers handlers() {
        return EventHandlers.builder()
                .on(PaymentRequested.class, e -> new RequestPayment(e.paymentId(), e.sessionId(), e.attemptId(),
                        e.amountMinor(), e.currency(), e.handlerId(), e.credentialToken(), e.authentication(),
                        clock.instant()))
                .on(PaymentVoidRequested.class, e -> new VoidPayment(e.paymentId(), e.sessionId(), e.reason(),
                        clock.instant()))
                .on(OrderCreated.class, e -> e.paymentId() == null ? null
                        : new CapturePayment(e.paymentId(), e.orderId(), e.totalMinor(), e.currency(), clock.instant()))
                .on(OrderCanceled.class, e -> e.paymentId() == null ? null
                        : new CancelPayment(e.paymentId(), e.orderId(), e.reason(), clock.instant()))
                .on(RefundRequested.class, e -> new RefundPayment(e.paymentId(), e.refundId(), e.orderId(),
                        e.amountMinor(), e.currency(), e.reason(), clock.instant()))
                .build();
    }
}
