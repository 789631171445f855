package org.acpmerchant.orders.order.domain;

import org.acpmerchant.orders.order.api.DigitalDelivery;

/**
 * One step of a fulfillment, as the {@link Order} records it in {@code OrderFulfillmentUpdated}: the status it moves
 * to, the event the agent is told of, and what that step says (tracking when shipped, the digital delivery, a
 * description, where a carrier scanned it). Replaces the long parameter lists of the aggregate's update.
 */
record FulfillmentStep(String status, String eventType, String carrier, String trackingNumber, String trackingUrl,
        DigitalDelivery digitalDelivery, String description, String location) {

    static FulfillmentStep shipped(String carrier, String trackingNumber, String trackingUrl) {
        return new FulfillmentStep("shipped", "shipped", carrier, trackingNumber, trackingUrl, null, null, null);
    }

    static FulfillmentStep delivered(DigitalDelivery digitalDelivery, String description) {
        return new FulfillmentStep("delivered", "delivered", null, null, null, digitalDelivery, description, null);
    }

    static FulfillmentStep readyForPickup() {
        return new FulfillmentStep("ready_for_pickup", "ready_for_pickup", null, null, null, null, "Ready for pickup",
                null);
    }

    /** A carrier's scan: {@code status} is where the fulfillment now stands ({@code failed_attempt} keeps it). */
    static FulfillmentStep carrierScan(String status, String eventType, String description, String location) {
        return new FulfillmentStep(status, eventType, null, null, null, null, description, location);
    }
}
