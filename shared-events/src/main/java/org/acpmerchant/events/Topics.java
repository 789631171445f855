package org.acpmerchant.events;

import java.util.List;

/**
 * Kafka topic names, keyed by checkout session id: {@code <context>.events.v<major>} for what a context tells everyone,
 * {@code <context>.<kind>-requests.v<major>} for what the checkout saga asks of one context (ADR 0057).
 */
public final class Topics {
    /**
     * Where checkout-api published its requests to the three other services before ADR 0057: it publishes nothing
     * here now. Their consumers still read it, so that requests a previous release left here are handled after an
     * upgrade.
     */
    public static final String CHECKOUT_EVENTS = "checkout.events.v1";
    /** The checkout saga's stock reservations and releases, read by pricing-service only. */
    public static final String STOCK_REQUESTS = "pricing.stock-requests.v1";
    /** The checkout saga's payments and voids, read by payment-service only. */
    public static final String PAYMENT_REQUESTS = "payment.payment-requests.v1";
    /** The checkout saga's orders, read by order-service only. */
    public static final String ORDER_REQUESTS = "order.order-requests.v1";
    public static final String PRICING_EVENTS = "pricing.events.v1";
    public static final String PAYMENT_EVENTS = "payment.events.v1";
    public static final String ORDER_EVENTS = "order.events.v1";
    public static final String QUOTE_REQUESTS = "pricing.quote-requests.v1";
    public static final String QUOTE_REPLIES = "pricing.quote-replies.v1";

    /** The topics of enveloped integration events (not the quote request/reply pair), the old shared one included. */
    public static final List<String> INTEGRATION = List.of(CHECKOUT_EVENTS, STOCK_REQUESTS, PAYMENT_REQUESTS,
            ORDER_REQUESTS, PRICING_EVENTS, PAYMENT_EVENTS, ORDER_EVENTS);

    private Topics() {}
}
