package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import java.util.List;

/** Pricing-internal event (not published): the committed reservation used these discount codes once each. */
public record DiscountCodesRedeemed(String reservationId, String orderId, List<String> codes, Instant redeemedAt) {
    public DiscountCodesRedeemed {
        codes = List.copyOf(codes);
    }
}
