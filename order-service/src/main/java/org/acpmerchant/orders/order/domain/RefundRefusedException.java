package org.acpmerchant.orders.order.domain;

/**
 * A refund request the order refuses, with a stable {@code code}: {@code refund_exceeds_remaining},
 * {@code invalid_line_items}, {@code invalid_amount} or {@code idempotency_key_reused}. No event is applied.
 */
public class RefundRefusedException extends RuntimeException {

    private final String code;

    public RefundRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
