package org.acpmerchant.payment.payment.domain;

/** The PSP could not release an authorization now; the command is retried (the message is redelivered). */
public class PaymentProviderUnavailableException extends RuntimeException {
    public PaymentProviderUnavailableException(String paymentId, String reason) {
        super("payment " + paymentId + ": the payment provider failed: " + reason);
    }
}
