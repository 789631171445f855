package org.acpmerchant.orders.order.domain;

/**
 * Where a fulfillment stands; events carry its wire name. {@code pending} is the order's remainder (units not yet in a
 * fulfillment), {@code processing} a fulfillment just started.
 */
enum FulfillmentStatus implements WireNamed {
    PENDING,
    PROCESSING,
    READY_FOR_PICKUP,
    SHIPPED,
    IN_TRANSIT,
    OUT_FOR_DELIVERY,
    DELIVERED,
    CANCELED;

    /** Whether a fulfillment's units count as fulfilled once it reaches this status (they left the merchant). */
    boolean counts() {
        return this == SHIPPED || this == IN_TRANSIT || this == OUT_FOR_DELIVERY || this == DELIVERED;
    }

    /** Whether a carrier may still report on a fulfillment in this status: shipped and not yet delivered. */
    boolean onTheWay() {
        return this == SHIPPED || this == IN_TRANSIT || this == OUT_FOR_DELIVERY;
    }

    /** The status an event names; an unknown name is a programming error. */
    static FulfillmentStatus fromWireName(String wireName) {
        return WireNamed.fromWireName(FulfillmentStatus.class, wireName, "fulfillment status");
    }
}
