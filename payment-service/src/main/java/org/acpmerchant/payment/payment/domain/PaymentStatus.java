package org.acpmerchant.payment.payment.domain;

/** Where a payment is in its life. After {@link #CAPTURED}, refunds move it to the partially or fully refunded states. */
public enum PaymentStatus {
    INITIATED,
    AUTHENTICATION_REQUIRED,
    AUTHORIZED,
    CAPTURED,
    PARTIALLY_REFUNDED,
    REFUNDED,
    CAPTURE_FAILED,
    DECLINED,
    FAILED,
    VOIDED
}
