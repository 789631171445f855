package org.acpmerchant.events.order;

import java.time.Instant;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** order-service refused to create the order; the saga voids the payment and releases the stock. Revision 1. */
@Revision("1")
public record OrderRejected(String orderId, String sessionId, String reason, Instant rejectedAt)
        implements IntegrationEvent {}
