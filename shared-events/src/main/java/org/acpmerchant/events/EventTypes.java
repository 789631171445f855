package org.acpmerchant.events;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.acpmerchant.events.checkout.PaymentVoidRequested;
import org.acpmerchant.events.checkout.StockReleaseRequested;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderCanceled;
import org.acpmerchant.events.order.OrderItemsReleased;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.payment.PaymentAuthenticationRequired;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.acpmerchant.events.payment.PaymentCaptureFailed;
import org.acpmerchant.events.payment.PaymentCaptured;
import org.acpmerchant.events.payment.PaymentDeclined;
import org.acpmerchant.events.payment.PaymentDisputed;
import org.acpmerchant.events.payment.PaymentFailed;
import org.acpmerchant.events.payment.PaymentRefundFailed;
import org.acpmerchant.events.payment.PaymentRefunded;
import org.acpmerchant.events.payment.PaymentVoided;
import org.acpmerchant.events.pricing.StockCommitted;
import org.acpmerchant.events.pricing.StockReleased;
import org.acpmerchant.events.pricing.StockReservationRejected;
import org.acpmerchant.events.pricing.StockReserved;

/**
 * The wire names of integration events ({@code <context>.<EventName>}) and the topic each is published to. Wire
 * names are contracts: never rename one; add a new name and keep the old one readable.
 */
public enum EventTypes {
    STOCK_RESERVATION_REQUESTED("checkout.StockReservationRequested", StockReservationRequested.class, Topics.STOCK_REQUESTS),
    STOCK_RELEASE_REQUESTED("checkout.StockReleaseRequested", StockReleaseRequested.class, Topics.STOCK_REQUESTS),
    PAYMENT_REQUESTED("checkout.PaymentRequested", PaymentRequested.class, Topics.PAYMENT_REQUESTS),
    PAYMENT_VOID_REQUESTED("checkout.PaymentVoidRequested", PaymentVoidRequested.class, Topics.PAYMENT_REQUESTS),
    ORDER_REQUESTED("checkout.OrderRequested", OrderRequested.class, Topics.ORDER_REQUESTS),
    STOCK_RESERVED("pricing.StockReserved", StockReserved.class, Topics.PRICING_EVENTS),
    STOCK_RESERVATION_REJECTED("pricing.StockReservationRejected", StockReservationRejected.class, Topics.PRICING_EVENTS),
    STOCK_RELEASED("pricing.StockReleased", StockReleased.class, Topics.PRICING_EVENTS),
    STOCK_COMMITTED("pricing.StockCommitted", StockCommitted.class, Topics.PRICING_EVENTS),
    PAYMENT_AUTHORIZED("payment.PaymentAuthorized", PaymentAuthorized.class, Topics.PAYMENT_EVENTS),
    PAYMENT_DECLINED("payment.PaymentDeclined", PaymentDeclined.class, Topics.PAYMENT_EVENTS),
    PAYMENT_AUTHENTICATION_REQUIRED(
            "payment.PaymentAuthenticationRequired", PaymentAuthenticationRequired.class, Topics.PAYMENT_EVENTS),
    PAYMENT_FAILED("payment.PaymentFailed", PaymentFailed.class, Topics.PAYMENT_EVENTS),
    PAYMENT_CAPTURED("payment.PaymentCaptured", PaymentCaptured.class, Topics.PAYMENT_EVENTS),
    PAYMENT_VOIDED("payment.PaymentVoided", PaymentVoided.class, Topics.PAYMENT_EVENTS),
    ORDER_CREATED("order.OrderCreated", OrderCreated.class, Topics.ORDER_EVENTS),
    ORDER_REJECTED("order.OrderRejected", OrderRejected.class, Topics.ORDER_EVENTS),
    ORDER_CANCELED("order.OrderCanceled", OrderCanceled.class, Topics.ORDER_EVENTS),
    ORDER_ITEMS_RELEASED("order.OrderItemsReleased", OrderItemsReleased.class, Topics.ORDER_EVENTS),
    REFUND_REQUESTED("order.RefundRequested", RefundRequested.class, Topics.ORDER_EVENTS),
    PAYMENT_REFUNDED("payment.PaymentRefunded", PaymentRefunded.class, Topics.PAYMENT_EVENTS),
    PAYMENT_REFUND_FAILED("payment.PaymentRefundFailed", PaymentRefundFailed.class, Topics.PAYMENT_EVENTS),
    PAYMENT_CAPTURE_FAILED("payment.PaymentCaptureFailed", PaymentCaptureFailed.class, Topics.PAYMENT_EVENTS),
    PAYMENT_DISPUTED("payment.PaymentDisputed", PaymentDisputed.class, Topics.PAYMENT_EVENTS);

    private static final Map<String, EventTypes> BY_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventTypes::wireName, Function.identity()));
    private static final Map<Class<?>, EventTypes> BY_CLASS =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(EventTypes::type, Function.identity()));

    private final String wireName;
    private final Class<? extends IntegrationEvent> type;
    private final String topic;

    EventTypes(String wireName, Class<? extends IntegrationEvent> type, String topic) {
        this.wireName = wireName;
        this.type = type;
        this.topic = topic;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends IntegrationEvent> type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventTypes> byName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    public static Optional<EventTypes> of(Class<?> type) {
        return Optional.ofNullable(BY_CLASS.get(type));
    }
}
