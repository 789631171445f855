package org.acpmerchant.orders.order.infrastructure;

import java.time.Clock;
import java.util.Locale;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.events.payment.PaymentVoided;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CompleteRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.FailRefund;
import org.acpmerchant.orders.order.api.OrderCommand.HoldForReview;
import org.acpmerchant.orders.order.api.OrderCommand.RecordDispute;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.platform.messaging.EventHandlers;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Turns what checkout and payment publish into Order commands: {@code OrderRequested} creates the order,
 * {@code PaymentCaptured} confirms it, {@code PaymentCaptureFailed} holds it for manual review,
 * {@code PaymentVoided} cancels an order still waiting for its capture (or held for review),
 * {@code PaymentRefunded}/{@code PaymentRefundFailed} settle a refund adjustment, {@code PaymentDisputed} records a
 * dispute adjustment.
 * Deduplicated through the inbox; the commands are idempotent as well.
 */
public class OrderEventListener {

    static final String CONSUMER = "order-service";
    private static final Logger log = LoggerFactory.getLogger(OrderEventListener.class);

    private final IntegrationEventReceiver receiver;
    private final OrderViewRepository views;
    private final Clock clock;
    private final String permalinkBaseUrl;
    private final boolean merchantConfirms;
    private final EventHandlers handlers;

    public OrderEventListener(
            IntegrationEventReceiver receiver, OrderViewRepository views, Clock clock, String permalinkBaseUrl) {
        this(receiver, views, clock, permalinkBaseUrl, false);
    }

    /** {@code merchantConfirms}: a capture is recorded and the merchant confirms the order through its API. */
    public OrderEventListener(IntegrationEventReceiver receiver, OrderViewRepository views, Clock clock,
            String permalinkBaseUrl, boolean merchantConfirms) {
        this.merchantConfirms = merchantConfirms;
        this.receiver = receiver;
        this.views = views;
        this.clock = clock;
        this.permalinkBaseUrl = permalinkBaseUrl;
        this.handlers = handlers();
    }

    /**
     * One listener container for both topics: its consumers share their partitions, so the service runs one set of
     * consumers (and heartbeats, and fetches waiting at the broker) instead of two (ADR 0051). The handlers' event
     * types do not overlap, so a record's type alone picks its handler. {@link Topics#CHECKOUT_EVENTS} is read for
     * requests a previous release left there (ADR 0057).
     */
    @KafkaListener(topics = {Topics.ORDER_REQUESTS, Topics.PAYMENT_EVENTS, Topics.CHECKOUT_EVENTS},
            groupId = "${spring.kafka.consumer.group-id:order-service}")
    void on(ConsumerRecord<String, String> record) {
        receiver.receive(CONSUMER, record, handlers);
    }

    private EventHandlers handlers() {
        return EventHandlers.builder()
                .on(OrderRequested.class, this::createOrder)
                .on(PaymentCaptured.class, captured -> captured.orderId() == null ? null
                        : new ConfirmOrder(captured.orderId(), captured.paymentId(), captured.amountMinor(),
                                captured.currency(), captured.capturedAt(), merchantConfirms))
                .on(PaymentCaptureFailed.class, failed -> orderOf(failed.orderId(), failed.paymentId())
                        .map(id -> new HoldForReview(id, failed.paymentId(), failed.reason(), failed.failedAt()))
                        .orElse(null))
                .on(PaymentVoided.class, voided -> views.findByPayment(voided.paymentId())
                        .filter(order -> "created".equals(order.path("status").asText())
                                || "manual_review".equals(order.path("status").asText()))
                        .map(order -> new CancelOrder(order.path("id").asText(), "payment_voided", voided.voidedAt()))
                        .orElse(null))
                .on(PaymentRefunded.class, refunded -> orderOf(refunded.orderId(), refunded.paymentId())
                        .map(id -> new CompleteRefund(id, refunded.refundId(), refunded.amountMinor(),
                                refunded.currency(), refunded.providerReference(), refunded.refundedAt()))
                        .orElse(null))
                .on(PaymentRefundFailed.class, failed -> orderOf(failed.orderId(), failed.paymentId())
                        .map(id -> new FailRefund(id, failed.refundId(), failed.reason(), failed.failedAt()))
                        .orElse(null))
                .on(PaymentDisputed.class, disputed -> orderOf(disputed.orderId(), disputed.paymentId())
                        .map(id -> new RecordDispute(id, disputed.disputeId(), disputed.amountMinor(),
                                disputed.currency(), disputed.reason(), disputed.status(), disputed.occurredAt()))
                        .orElse(null))
                .build();
    }

    private java.util.Optional<String> orderOf(String orderId, String paymentId) {
        if (orderId != null && !orderId.isBlank()) {
            return java.util.Optional.of(orderId);
        }
        return views.findByPayment(paymentId).map(order -> order.path("id").asText());
    }

    private CreateOrder createOrder(OrderRequested request) {
        if (request.orderId() == null || request.orderId().isBlank()) {
            log.warn("ignoring an OrderRequested without order id for session {}", request.sessionId());
            return null;
        }
        return new CreateOrder(request.orderId(), request, orderNumber(request.orderId()),
                permalinkBaseUrl + request.orderId(), clock.instant());
    }

    /** A short human-readable number derived from the order id: {@code ord_4f9c2a…} becomes {@code ORD-4F9C2A…}. */
    static String orderNumber(String orderId) {
        String core = orderId.substring(orderId.indexOf('_') + 1).replaceAll("[^A-Za-z0-9]", "");
        return "ORD-" + core.substring(0, Math.min(12, core.length())).toUpperCase(Locale.ROOT);
    }
}
