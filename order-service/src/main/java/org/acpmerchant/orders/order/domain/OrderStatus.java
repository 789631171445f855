package org.acpmerchant.orders.order.domain;

import java.util.Arrays;

/** An order's ACP status; events carry its wire name ({@code manual_review}, …). */
enum OrderStatus {
    CREATED("created"),
    CONFIRMED("confirmed"),
    MANUAL_REVIEW("manual_review"),
    PROCESSING("processing"),
    SHIPPED("shipped"),
    COMPLETED("completed"),
    CANCELED("canceled"),
    REJECTED("rejected");

    private final String wireName;

    OrderStatus(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The status an event names; an unknown name is a programming error. */
    static OrderStatus fromWireName(String wireName) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown order status " + wireName));
    }
}
