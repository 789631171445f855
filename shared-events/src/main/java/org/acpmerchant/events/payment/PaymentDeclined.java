package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * The buyer's credential was refused (card declined, token expired, over its allowance, 3DS denied). No money is held.
 * {@code declineCode} is the PSP's or our own code; {@code message} is safe to show the buyer. Revision 1.
 */
@Revision("1")
public record PaymentDeclined(
        String paymentId, String sessionId, String attemptId, String declineCode, String message, Instant declinedAt)
        implements IntegrationEvent {}
