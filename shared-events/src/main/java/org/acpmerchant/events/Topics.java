package org.acpmerchant.events;

/** Kafka topic names: {@code <context>.events.v<major>}, keyed by checkout session id. */
public final class Topics {
    public static final String CHECKOUT_EVENTS = "checkout.events.v1";
    public static final String PRICING_EVENTS = "pricing.events.v1";
    public static final String PAYMENT_EVENTS = "payment.events.v1";
    public static final String ORDER_EVENTS = "order.events.v1";
    public static final String QUOTE_REQUESTS = "pricing.quote-requests.v1";
    public static final String QUOTE_REPLIES = "pricing.quote-replies.v1";

    private Topics() {}
}
