package org.acpmerchant.checkout.session.domain;

import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.events.quote.QuoteReply;

/** A priced session is payable when pricing reported no error and a fulfillment option is selected. */
public final class SessionStatusPolicy {

    private SessionStatusPolicy() {}

    public static SessionStatus afterQuote(QuoteReply quote) {
        boolean hasError = quote.messages().stream().anyMatch(m -> "error".equals(m.type()));
        boolean needsOption = !quote.fulfillmentOptions().isEmpty() && quote.selectedFulfillmentOptionId() == null;
        return hasError || needsOption || quote.lines().isEmpty()
                ? SessionStatus.NOT_READY_FOR_PAYMENT
                : SessionStatus.READY_FOR_PAYMENT;
    }
}
