package org.acpmerchant.payment.payment.domain;

/** Captured money is refunded, not voided. */
public class PaymentAlreadyCapturedException extends PaymentRuleException {
    public PaymentAlreadyCapturedException(String paymentId) {
        super("payment " + paymentId + " is captured; it can only be refunded");
    }
}
