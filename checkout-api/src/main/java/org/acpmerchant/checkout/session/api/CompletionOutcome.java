package org.acpmerchant.checkout.session.api;

/** Why a completion attempt ended without an order. */
public enum CompletionOutcome {
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    PAYMENT_FAILED,
    ORDER_FAILED,
    TIMED_OUT
}
