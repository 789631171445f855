package org.acpmerchant.events.checkout;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** Compensation: release an authorization that no order will use (order failed, saga timed out). Revision 1. */
@Revision("1")
public record PaymentVoidRequested(String paymentId, String sessionId, String reason, Instant requestedAt)
        implements IntegrationEvent {}
