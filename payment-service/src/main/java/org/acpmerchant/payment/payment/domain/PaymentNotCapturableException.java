package org.acpmerchant.payment.payment.domain;

/** Only an authorized payment can be captured. */
public class PaymentNotCapturableException extends PaymentRuleException {
    public PaymentNotCapturableException(String paymentId, PaymentStatus status) {
        super("payment " + paymentId + " cannot be captured in status " + status);
    }
}
