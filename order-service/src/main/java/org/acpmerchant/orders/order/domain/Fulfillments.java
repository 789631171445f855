package org.acpmerchant.orders.order.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.OrderPlaced;

/**
 * An order's fulfillments by id, in the order they started, and what they share: the remainder ({@code ful_<order>},
 * the units not yet in a fulfillment, of the order's fulfillment type), the destinations, the merchants' request keys
 * and the sequence that numbers new ones. A value: every change answers a new one.
 */
final class Fulfillments {

    private final String remainderId;
    private final String orderType;
    private final OrderAddress shippingAddress;
    private final OrderAddress pickupAddress;
    private final int sequence;
    private final Map<String, Fulfillment> byId;
    private final Map<String, String> byRequestKey;

    private Fulfillments(String remainderId, String orderType, OrderAddress shippingAddress,
            OrderAddress pickupAddress, int sequence, Map<String, Fulfillment> byId, Map<String, String> byRequestKey) {
        this.remainderId = remainderId;
        this.orderType = orderType;
        this.shippingAddress = shippingAddress;
        this.pickupAddress = pickupAddress;
        this.sequence = sequence;
        this.byId = Collections.unmodifiableMap(byId);
        this.byRequestKey = Collections.unmodifiableMap(byRequestKey);
    }

    /** None: an order not placed (or rejected). */
    static Fulfillments none() {
        return new Fulfillments(null, null, null, null, 0, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** A placed order's: none started yet, every unit in the remainder. */
    static Fulfillments placed(OrderPlaced event) {
        return new Fulfillments(event.fulfillmentId(), event.fulfillmentType(), event.shippingAddress(),
                event.pickupAddress(), 0, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    String remainderId() {
        return remainderId;
    }

    /** The order's fulfillment type, which its remainder and merchant calls without a type take. */
    String orderType() {
        return orderType;
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The fulfillment, or null when the order has none with this id. */
    Fulfillment get(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The ids, in the order the fulfillments started (a copy: acting on them changes the order's). */
    List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The fulfillment a merchant's request key started, if any. */
    Optional<Fulfillment> byRequestKey(String requestKey) {
        return Optional.ofNullable(requestKey == null ? null : byRequestKey.get(requestKey)).map(byId::get);
    }

    /** The id the next fulfillment gets: {@code <remainder>_<n>}. */
    String nextId() {
        return remainderId + "_" + (sequence + 1);
    }

    /** Where a fulfillment of {@code type} goes: the pickup location, the shipping address, or none (digital). */
    OrderAddress destinationFor(String type) {
        if (Fulfillment.PICKUP.equals(type)) {
            return pickupAddress;
        }
        return Fulfillment.SHIPPING.equals(type) ? shippingAddress : null;
    }

    /** The order's remainder as a fulfillment of its own: {@code pending}, covering the units not yet in another. */
    Fulfillment remainder(LineUnits units) {
        return new Fulfillment(remainderId, orderType, FulfillmentStatus.PENDING, unassigned(units), 0, false);
    }

    /** Units per line not yet in a fulfillment (returned units left theirs), only lines with some. */
    Map<String, Integer> unassigned(LineUnits units) {
        Map<String, Integer> available = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> line : units.current().entrySet()) {
            int assigned = 0;
            for (Fulfillment f : byId.values()) {
                if (!f.canceled()) {
                    assigned += f.units().getOrDefault(line.getKey(), 0);
                }
            }
            int free = line.getValue() - (assigned - units.returned(line.getKey()));
            if (free > 0) {
                available.put(line.getKey(), free);
            }
        }
        return available;
    }

    /** Units per line in fulfillments that reached the buyer, minus the returned ones. */
    Map<String, Integer> delivered(LineUnits units) {
        Map<String, Integer> delivered = new LinkedHashMap<>();
        byId.values().stream().filter(Fulfillment::delivered)
                .forEach(f -> f.units().forEach((line, q) -> delivered.merge(line, q, Integer::sum)));
        delivered.replaceAll((line, q) -> q - units.returned(line));
        return delivered;
    }

    /** Whether any fulfillment exists that is not canceled. */
    boolean underway() {
        return byId.values().stream().anyMatch(f -> !f.canceled());
    }

    /** These fulfillments with {@code f} added or changed. */
    Fulfillments with(Fulfillment f) {
        Map<String, Fulfillment> after = new LinkedHashMap<>(byId);
        after.put(f.id(), f);
        return new Fulfillments(remainderId, orderType, shippingAddress, pickupAddress, sequence, after, byRequestKey);
    }

    /** With the fulfillment an event started, numbered and findable by its request key. */
    Fulfillments started(FulfillmentCreated event) {
        Map<String, Fulfillment> after = new LinkedHashMap<>(byId);
        after.put(event.fulfillmentId(),
                Fulfillment.started(event.fulfillmentId(), event.fulfillmentType(), event.quantities()));
        Map<String, String> keys = new LinkedHashMap<>(byRequestKey);
        if (event.requestKey() != null) {
            keys.put(event.requestKey(), event.fulfillmentId());
        }
        return new Fulfillments(remainderId, orderType, shippingAddress, pickupAddress, sequence + 1, after, keys);
    }

    /** The order canceled: every fulfillment that did not reach the buyer is canceled. */
    Fulfillments canceled() {
        Map<String, Fulfillment> after = new LinkedHashMap<>(byId);
        after.replaceAll((id, f) -> f.canceledUnlessDelivered());
        return new Fulfillments(remainderId, orderType, shippingAddress, pickupAddress, sequence, after, byRequestKey);
    }
}
