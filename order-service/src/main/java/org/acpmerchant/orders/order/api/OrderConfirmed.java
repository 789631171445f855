package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The order's payment was captured; status {@code confirmed}. Revision 1. */
@Revision("1")
public record OrderConfirmed(String orderId, String paymentId, long amountMinor, String currency, Instant confirmedAt) {}
