package org.acpmerchant.checkout.edge.versions;

import java.util.List;
import org.acpmerchant.checkout.CheckoutProperties;

/**
 * The merchant facts older request shapes leave implicit: the currency of a create that names none (before
 * 2026-01-30) and the payment handlers a legacy {@code payment_data.provider} resolves to.
 */
public record MerchantProfile(String defaultCurrency, List<Handler> handlers) {

    /** A payment handler offered in {@code capabilities.payment.handlers}: its id and the PSP behind it. */
    public record Handler(String id, String psp) {}

    public MerchantProfile {
        handlers = List.copyOf(handlers);
    }

    public static MerchantProfile of(CheckoutProperties props) {
        // AcpSessionRenderer advertises exactly one handler, the tokenized card via Stripe.
        return new MerchantProfile(props.defaultCurrency(), List.of(new Handler(props.paymentHandler().id(),
                CheckoutProperties.PaymentHandler.PSP)));
    }
}
