package org.acpmerchant.payment.payment.domain;

/** A capture may take at most the authorized amount, in the authorized currency. */
public class CaptureExceedsAuthorizationException extends PaymentRuleException {
    public CaptureExceedsAuthorizationException(String paymentId, long authorized, long requested, String currency) {
        super("payment " + paymentId + " authorized " + authorized + " but " + requested + " " + currency
                + " was asked for");
    }
}
