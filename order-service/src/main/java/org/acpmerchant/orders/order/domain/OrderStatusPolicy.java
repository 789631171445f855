package org.acpmerchant.orders.order.domain;

import java.util.Map;

/**
 * The ACP order status derived from line quantities and fulfillments (2026-04-17 enum): {@code completed} when every
 * active unit reached the buyer, {@code shipped} when every active unit is fulfilled (shipped, picked up or delivered
 * digitally), {@code processing} while some are fulfilled or a fulfillment is under way, else {@code confirmed}
 * (captured) or {@code created}. Every unit removed: {@code canceled}, or {@code completed} when something had been
 * fulfilled (all returned).
 */
final class OrderStatusPolicy {

    private OrderStatusPolicy() {}

    /** The status of an order with these units and fulfillments (the ones a change would leave, to know its status). */
    static OrderStatus derive(LineUnits units, Fulfillments fulfillments, boolean captured) {
        Map<String, Integer> current = units.current();
        boolean anyActive = current.values().stream().anyMatch(q -> q > 0);
        if (!anyActive) {
            return units.everFulfilled() ? OrderStatus.COMPLETED : OrderStatus.CANCELED;
        }
        Map<String, Integer> fulfilled = units.fulfilled();
        Map<String, Integer> delivered = fulfillments.delivered(units);
        boolean allDelivered = true;
        boolean allFulfilled = true;
        boolean anyFulfilled = false;
        for (Map.Entry<String, Integer> line : current.entrySet()) {
            int active = line.getValue();
            int done = fulfilled.getOrDefault(line.getKey(), 0);
            anyFulfilled |= done > 0;
            if (active == 0) {
                continue;
            }
            allFulfilled &= done >= active;
            allDelivered &= delivered.getOrDefault(line.getKey(), 0) >= active;
        }
        if (allDelivered) {
            return OrderStatus.COMPLETED;
        }
        if (allFulfilled) {
            return OrderStatus.SHIPPED;
        }
        if (anyFulfilled || fulfillments.underway() || units.everFulfilled()) {
            return OrderStatus.PROCESSING;
        }
        return captured ? OrderStatus.CONFIRMED : OrderStatus.CREATED;
    }
}
