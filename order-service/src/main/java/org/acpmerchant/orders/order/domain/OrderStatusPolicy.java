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

    /**
     * @param current active quantity per line
     * @param fulfilled fulfilled (and not returned) quantity per line
     * @param delivered units per line in fulfillments that reached the buyer, minus returned units
     * @param underway whether any fulfillment exists that is not canceled
     * @param everFulfilled whether any unit was ever fulfilled
     */
    static String derive(Map<String, Integer> current, Map<String, Integer> fulfilled, Map<String, Integer> delivered,
            boolean underway, boolean everFulfilled, boolean captured) {
        boolean anyActive = current.values().stream().anyMatch(q -> q > 0);
        if (!anyActive) {
            return everFulfilled ? Order.COMPLETED : Order.CANCELED;
        }
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
            return Order.COMPLETED;
        }
        if (allFulfilled) {
            return Order.SHIPPED;
        }
        if (anyFulfilled || underway || everFulfilled) {
            return Order.PROCESSING;
        }
        return captured ? Order.CONFIRMED : Order.CREATED;
    }
}
