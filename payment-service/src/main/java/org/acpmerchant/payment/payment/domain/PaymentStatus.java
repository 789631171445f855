package org.acpmerchant.payment.payment.domain;

/** Where a payment is in its life. Refunds will extend it after {@link #CAPTURED}. */
public enum PaymentStatus {
    INITIATED,
    AUTHENTICATION_REQUIRED,
    AUTHORIZED,
    CAPTURED,
    CAPTURE_FAILED,
    DECLINED,
    FAILED,
    VOIDED
}
