package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A dispute (chargeback) on the order's payment opened or changed status (Stripe's status string). Revision 1. */
@Revision("1")
public record OrderDisputed(
        String orderId, String disputeId, long amountMinor, String currency, String reason, String status,
        Instant occurredAt) {}
