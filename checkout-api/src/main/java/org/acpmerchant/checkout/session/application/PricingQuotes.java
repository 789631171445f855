package org.acpmerchant.checkout.session.application;

import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;

/** Port: the authoritative price of a cart, from pricing-service. */
public interface PricingQuotes {

    /**
     * @throws PricingUnavailableException when no answer arrives within the deadline; the caller must not guess a
     *     price
     */
    QuoteReply quote(QuoteRequest request);

    class PricingUnavailableException extends RuntimeException {
        public PricingUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
