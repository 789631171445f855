package org.acpmerchant.pricing.stock.api;

import java.util.List;

/**
 * Pricing-internal event (not published): the reservation carries these normalized discount codes, to be redeemed
 * when it is committed.
 */
public record DiscountCodesHeld(String reservationId, List<String> codes) {
    public DiscountCodesHeld {
        codes = List.copyOf(codes);
    }
}
