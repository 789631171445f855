package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The authorized money was captured for {@code orderId}. Revision 1. */
@Revision("1")
public record PaymentCaptured(
        String paymentId, String sessionId, String orderId, long amountMinor, String currency, Instant capturedAt)
        implements IntegrationEvent {}
