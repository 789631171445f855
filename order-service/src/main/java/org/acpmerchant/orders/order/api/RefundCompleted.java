package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code amountMinor} went back to the buyer for {@code refundId}; adds to {@code amount_refunded}. Revision 1. */
@Revision("1")
public record RefundCompleted(
        String orderId, String refundId, long amountMinor, String currency, String providerReference,
        Instant completedAt) {}
