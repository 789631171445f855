package org.acpmerchant.pricing.quote.domain;

import java.time.Duration;
import java.util.Set;
import org.acpmerchant.events.quote.QuoteReply.PickupAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;

/**
 * A store where the buyer collects the order: offered as the fulfillment option {@code id} for carts with physical
 * items. Ready {@code readyIn} after the quote, held {@code holdFor} after that; {@code fee} (usually 0). Tax for a
 * cart picked up here is computed at the store's address (its jurisdictions), and the buyer needs no address.
 */
public record PickupLocation(
        String id, String locationId, String name, PickupAddress address, String phone, String instructions,
        String pickupType, Duration readyIn, Duration holdFor, long fee) {

    static final Set<String> PICKUP_TYPES = Set.of("in_store", "curbside", "locker");

    public PickupLocation {
        if (id == null || id.isBlank() || name == null || name.isBlank() || address == null
                || address.country() == null || fee < 0) {
            throw new IllegalArgumentException("invalid pickup location " + id + " (needs name and address)");
        }
        locationId = locationId == null || locationId.isBlank() ? id : locationId;
        pickupType = pickupType == null || pickupType.isBlank() ? "in_store" : pickupType;
        if (!PICKUP_TYPES.contains(pickupType)) {
            throw new IllegalArgumentException("pickup type must be in_store, curbside or locker: " + pickupType);
        }
        readyIn = readyIn == null ? Duration.ofHours(2) : readyIn;
        holdFor = holdFor == null ? Duration.ofDays(3) : holdFor;
    }

    /** The store's address as a tax destination. */
    public QuoteAddress taxAddress() {
        return new QuoteAddress(address.country(), address.state(), address.postalCode());
    }
}
