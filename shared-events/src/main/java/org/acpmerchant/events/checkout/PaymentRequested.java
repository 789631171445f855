package org.acpmerchant.events.checkout;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * The completion saga asks payment-service to authorize {@code amountMinor} (the session's authoritative total, integer
 * minor units, lowercase ISO-4217 {@code currency}) with the agent's delegated credential. {@code credentialToken} is a
 * single-use token bound to this merchant and amount (a Stripe {@code spt_…}); it is redacted from {@link #toString()}
 * and from audit exports. {@code authentication} is null unless the agent sent a 3DS result. Revision 1.
 */
@Revision("1")
public record PaymentRequested(
        String paymentId,
        String sessionId,
        String attemptId,
        long amountMinor,
        String currency,
        String handlerId,
        String credentialType,
        String credentialToken,
        AuthenticationOutcome authentication,
        Instant requestedAt)
        implements IntegrationEvent {

    @Override
    public String toString() {
        return "PaymentRequested[paymentId=" + paymentId + ", sessionId=" + sessionId + ", attemptId=" + attemptId
                + ", amountMinor=" + amountMinor + ", currency=" + currency + ", handlerId=" + handlerId
                + ", credentialToken=<redacted>]";
    }
}
