package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** An authorization was released (or will never be used): no money is held for this payment. Revision 1. */
@Revision("1")
public record PaymentVoided(String paymentId, String sessionId, String reason, Instant voidedAt)
        implements IntegrationEvent {}
