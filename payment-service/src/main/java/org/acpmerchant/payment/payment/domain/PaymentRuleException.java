package org.acpmerchant.payment.payment.domain;

/** A command broke one of the Payment's rules. Retrying the same command cannot succeed. */
public abstract class PaymentRuleException extends RuntimeException {
    protected PaymentRuleException(String message) {
        super(message);
    }
}
