package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The refund {@code refundId} could not be made; its amount is refundable again. Revision 1. */
@Revision("1")
public record RefundFailed(String orderId, String refundId, String reason, Instant failedAt) {}
