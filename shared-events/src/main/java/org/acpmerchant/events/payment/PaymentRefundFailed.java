package org.acpmerchant.events.payment;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** The refund could not be made (refused by the PSP, or more than remains). Nothing moved. Revision 1. */
@Revision("1")
public record PaymentRefundFailed(
        String refundId, String paymentId, String orderId, String sessionId, String reason, Instant failedAt)
        implements IntegrationEvent {}
