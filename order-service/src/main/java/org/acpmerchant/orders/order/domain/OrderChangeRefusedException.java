package org.acpmerchant.orders.order.domain;

/**
 * A fulfillment, cancellation or return the order refuses, with a stable {@code code}: {@code invalid_line_items},
 * {@code quantity_exceeds_available}, {@code nothing_to_fulfill}, {@code invalid_fulfillment_type},
 * {@code unknown_fulfillment} or {@code idempotency_key_reused}. No event is applied.
 */
public class OrderChangeRefusedException extends RuntimeException {

    private final String code;

    public OrderChangeRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
