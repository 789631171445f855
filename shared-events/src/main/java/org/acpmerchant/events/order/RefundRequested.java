package org.acpmerchant.events.order;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * Ops (or the merchant) asked to refund {@code amountMinor} of the order's captured payment; order-service has
 * already checked it does not exceed what remains. {@code lines} says which line items and quantities it covers
 * (empty for an amount-only refund). {@code refundId} is the idempotency anchor end to end. Revision 1.
 */
@Revision("1")
public record RefundRequested(
        String refundId,
        String orderId,
        String sessionId,
        String paymentId,
        long amountMinor,
        String currency,
        List<RefundLine> lines,
        String reason,
        Instant requestedAt)
        implements IntegrationEvent {
    public RefundRequested {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** A line item of the order and how many of its units the refund covers. */
    public record RefundLine(String lineItemId, int quantity) {}
}
