package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The order's payment was captured while the merchant confirms orders itself: the money is secured, the status stays
 * {@code created} until the merchant's confirmation. Revision 1.
 */
@Revision("1")
public record PaymentCaptureRecorded(
        String orderId, String paymentId, long amountMinor, String currency, Instant capturedAt) {}
