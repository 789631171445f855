package org.acpmerchant.orders.order.domain;

import java.util.Arrays;

/**
 * Where a fulfillment stands; events carry its wire name. {@code pending} is the order's remainder (units not yet in a
 * fulfillment), {@code processing} a fulfillment just started.
 */
enum FulfillmentStatus {
    PENDING("pending"),
    PROCESSING("processing"),
    READY_FOR_PICKUP("ready_for_pickup"),
    SHIPPED("shipped"),
    IN_TRANSIT("in_transit"),
    OUT_FOR_DELIVERY("out_for_delivery"),
    DELIVERED("delivered"),
    CANCELED("canceled");

    private final String wireName;

    FulfillmentStatus(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

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
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fulfillment status " + wireName));
    }
}
