package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The order will not be fulfilled: every line's current quantity drops to 0. Revision 1. */
@Revision("1")
public record OrderCanceled(String orderId, String reason, Instant canceledAt) {}
