package org.acpmerchant.events.checkout;

/** One priced line of an order, amounts in integer minor units. */
public record OrderLine(
        String lineItemId,
        String itemId,
        String title,
        int quantity,
        long unitAmount,
        long subtotal,
        long tax,
        long total) {}
