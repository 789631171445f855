package org.acpmerchant.payment.payment.domain;

/** A continued payment (3DS) must ask for the same amount and currency as the original request. */
public class PaymentRequestMismatchException extends PaymentRuleException {
    public PaymentRequestMismatchException(String paymentId) {
        super("payment " + paymentId + " was continued with another amount or currency");
    }
}
