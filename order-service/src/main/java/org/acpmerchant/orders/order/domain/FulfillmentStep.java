package org.acpmerchant.orders.order.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;

/**
 * One step of a fulfillment, as the {@link Order} records it in {@code OrderFulfillmentUpdated}: the status it moves
 * to, the event the agent is told of, and what that step says (tracking when shipped, the digital delivery, a
 * description, where a carrier scanned it).
 */
record FulfillmentStep(FulfillmentStatus status, String eventType, String carrier, String trackingNumber,
        String trackingUrl, DigitalDelivery digitalDelivery, String description, String location) {

    private static final String FAILED_ATTEMPT = "failed_attempt";
    private static final Set<String> CARRIER_EVENTS = Set.of("in_transit", "out_for_delivery", FAILED_ATTEMPT);

    static FulfillmentStep shipped(String carrier, String trackingNumber, String trackingUrl) {
        return new FulfillmentStep(FulfillmentStatus.SHIPPED, "shipped", carrier, trackingNumber, trackingUrl, null,
                null, null);
    }

    static FulfillmentStep delivered(DigitalDelivery digitalDelivery, String description) {
        return new FulfillmentStep(FulfillmentStatus.DELIVERED, "delivered", null, null, null, digitalDelivery,
                description, null);
    }

    static FulfillmentStep readyForPickup() {
        return new FulfillmentStep(FulfillmentStatus.READY_FOR_PICKUP, "ready_for_pickup", null, null, null, null,
                "Ready for pickup", null);
    }

    /** Whether a carrier reports this: {@code in_transit}, {@code out_for_delivery} or {@code failed_attempt}. */
    static boolean isCarrierEvent(String eventType) {
        return CARRIER_EVENTS.contains(eventType);
    }

    /** A carrier's scan of a fulfillment now at {@code current}: it moves there, a failed attempt leaves it. */
    static FulfillmentStep carrierScan(FulfillmentStatus current, String eventType, String description,
            String location) {
        FulfillmentStatus next = FAILED_ATTEMPT.equals(eventType) ? current : FulfillmentStatus.fromWireName(eventType);
        return new FulfillmentStep(next, eventType, null, null, null, null, description, location);
    }

    /** The event recording this step, which left fulfillment {@code after}, these fulfilled units and order status. */
    OrderFulfillmentUpdated recorded(String orderId, Fulfillment after, Map<String, Integer> fulfilled,
            OrderStatus orderStatus, Instant at) {
        return new OrderFulfillmentUpdated(orderId, after.id(), status.wireName(), after.lastEventId(), eventType,
                orderStatus.wireName(), fulfilled, carrier, trackingNumber, trackingUrl, at, digitalDelivery,
                description, location);
    }
}
