package org.acpmerchant.checkout.session.application;

import org.acpmerchant.checkout.edge.UpstreamUnavailableException;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;

/** Port: the authoritative price of a cart, from pricing-service. */
public interface PricingQuotes {

    /**
     * @throws PricingUnavailableException when no answer arrives within the deadline; the caller must not guess a
     *     price
     */
    QuoteReply quote(QuoteRequest request);

    class PricingUnavailableException extends UpstreamUnavailableException {
        public PricingUnavailableException(String message, Throwable cause) {
            super("pricing_unavailable", "Prices cannot be confirmed right now; retry shortly.", message, cause);
        }
    }
}
