package org.acpmerchant.orders.order.domain;

/** The order's status does not allow the requested change (shipping a canceled order, canceling a shipped one). */
public class OrderStateConflictException extends RuntimeException {
    public OrderStateConflictException(String orderId, String status, String action) {
        super("order " + orderId + " is " + status + " and cannot be " + action);
    }

    public OrderStateConflictException(String message) {
        super(message);
    }
}
