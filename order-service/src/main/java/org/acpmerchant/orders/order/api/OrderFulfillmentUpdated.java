package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * A fulfillment moved on. {@code fulfillmentStatus}, {@code eventType} and {@code orderStatus} are open ACP strings
 * ({@code shipped}, {@code in_transit}, {@code delivered}, …); {@code fulfilledQuantities} maps a line item id to its
 * fulfilled quantity after the change; carrier and tracking fields may be null. {@code digitalDelivery} (access URL,
 * license key), {@code description} (e.g. "Picked up") and {@code location} (where a carrier scan happened) are
 * nullable and absent from older payloads. Revision 1.
 */
@Revision("1")
public record OrderFulfillmentUpdated(
        String orderId,
        String fulfillmentId,
        String fulfillmentStatus,
        String eventId,
        String eventType,
        String orderStatus,
        Map<String, Integer> fulfilledQuantities,
        String carrier,
        String trackingNumber,
        String trackingUrl,
        Instant occurredAt,
        DigitalDelivery digitalDelivery,
        String description,
        String location) {
    public OrderFulfillmentUpdated {
        fulfilledQuantities = Map.copyOf(fulfilledQuantities);
    }

    public OrderFulfillmentUpdated(String orderId, String fulfillmentId, String fulfillmentStatus, String eventId,
            String eventType, String orderStatus, Map<String, Integer> fulfilledQuantities, String carrier,
            String trackingNumber, String trackingUrl, Instant occurredAt, DigitalDelivery digitalDelivery,
            String description) {
        this(orderId, fulfillmentId, fulfillmentStatus, eventId, eventType, orderStatus, fulfilledQuantities, carrier,
                trackingNumber, trackingUrl, occurredAt, digitalDelivery, description, null);
    }

    public OrderFulfillmentUpdated(String orderId, String fulfillmentId, String fulfillmentStatus, String eventId,
            String eventType, String orderStatus, Map<String, Integer> fulfilledQuantities, String carrier,
            String trackingNumber, String trackingUrl, Instant occurredAt) {
        this(orderId, fulfillmentId, fulfillmentStatus, eventId, eventType, orderStatus, fulfilledQuantities, carrier,
                trackingNumber, trackingUrl, occurredAt, null, null);
    }
}
