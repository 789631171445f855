package org.acpmerchant.orders.order.domain;

/** An order's ACP status; events carry its wire name ({@code manual_review}, …). */
enum OrderStatus implements WireNamed {
    CREATED,
    CONFIRMED,
    MANUAL_REVIEW,
    PROCESSING,
    SHIPPED,
    COMPLETED,
    CANCELED,
    REJECTED;

    /** The status an event names; an unknown name is a programming error. */
    static OrderStatus fromWireName(String wireName) {
        return WireNamed.fromWireName(OrderStatus.class, wireName, "order status");
    }
}
