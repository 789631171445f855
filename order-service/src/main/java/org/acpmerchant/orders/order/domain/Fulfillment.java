package org.acpmerchant.orders.order.domain;

import java.util.Map;
import java.util.Set;
import org.acpmerchant.orders.order.api.FulfillmentAccepted;

/**
 * One fulfillment of an order: its type ({@code shipping}, {@code pickup}, {@code digital}), status, units per line,
 * how many events it has, and whether its units count as fulfilled (from its first shipping or delivery on).
 */
record Fulfillment(String id, String type, FulfillmentStatus status, Map<String, Integer> units, int events,
        boolean counted) {

    static final String SHIPPING = "shipping";
    static final String PICKUP = "pickup";
    static final String DIGITAL = "digital";
    private static final Set<String> TYPES = Set.of(SHIPPING, PICKUP, DIGITAL);

    static boolean isType(String type) {
        return TYPES.contains(type);
    }

    /** A fulfillment just started: {@code processing}, its first event recorded. */
    static Fulfillment started(String id, String type, Map<String, Integer> units) {
        return new Fulfillment(id, type, FulfillmentStatus.PROCESSING, units, 1, false);
    }

    boolean is(String type) {
        return type.equals(this.type);
    }

    boolean delivered() {
        return status == FulfillmentStatus.DELIVERED;
    }

    boolean canceled() {
        return status == FulfillmentStatus.CANCELED;
    }

    /** This fulfillment one event later, at {@code next}; its units count from the first counting status on. */
    Fulfillment movedTo(FulfillmentStatus next) {
        return new Fulfillment(id, type, next, units, events + 1, counted || next.counts());
    }

    /** Canceled with its order, unless it already reached the buyer. */
    Fulfillment canceledUnlessDelivered() {
        return delivered() ? this : new Fulfillment(id, type, FulfillmentStatus.CANCELED, units, events, counted);
    }

    /** The id of its latest event: {@code <fulfillment>_evt_<n>}. */
    String lastEventId() {
        return id + "_evt_" + events;
    }

    FulfillmentAccepted accepted() {
        return new FulfillmentAccepted(id, type, status.wireName(), LineUnits.asLines(units));
    }
}
