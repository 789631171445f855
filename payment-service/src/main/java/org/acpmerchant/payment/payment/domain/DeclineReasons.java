package org.acpmerchant.payment.payment.domain;

/**
 * What a buyer is told when a payment is declined, by decline code: one table for the gateway's declines (Stripe's
 * codes and the delegated credential's own) and the ones the {@link Payment} decides itself.
 */
public final class DeclineReasons {

    private DeclineReasons() {}

    public static String messageFor(String code) {
        return switch (code == null ? "" : code) {
            case "insufficient_funds" -> "The card has insufficient funds.";
            case "expired_card" -> "The card has expired.";
            case "incorrect_cvc", "incorrect_number", "invalid_cvc" -> "The card details are not correct.";
            case "authentication_failed", "authentication_required" -> "The card issuer could not authenticate the buyer.";
            case "credential_expired" -> "The payment credential has expired.";
            case "credential_revoked" -> "The payment credential was revoked.";
            case "credential_over_allowance" -> "The amount exceeds what the payment credential allows.";
            case "credential_currency_mismatch" -> "The payment credential cannot be used for this currency.";
            case "credential_invalid" -> "The payment credential is not valid.";
            default -> "The card was declined.";
        };
    }
}
