package org.acpmerchant.orders.order.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the Order aggregate. Time and ids arrive on the command; the aggregate never reads a clock. */
public sealed interface OrderCommand {

    String orderId();

    /** Create the order checkout asked for; a repeated request for an existing order is a no-op. */
    record CreateOrder(
            @TargetAggregateIdentifier String orderId,
            OrderRequested request,
            String orderNumber,
            String permalinkUrl,
            Instant createdAt)
            implements OrderCommand {}

    /** The payment for the order was captured. */
    record ConfirmOrder(
            @TargetAggregateIdentifier String orderId,
            String paymentId,
            long amountMinor,
            String currency,
            Instant capturedAt)
            implements OrderCommand {}

    /** The merchant handed the goods to a carrier. */
    record ShipOrder(
            @TargetAggregateIdentifier String orderId,
            String carrier,
            String trackingNumber,
            String trackingUrl,
            Instant shippedAt)
            implements OrderCommand {}

    /** The buyer received everything. */
    record DeliverOrder(@TargetAggregateIdentifier String orderId, Instant deliveredAt) implements OrderCommand {}

    /** The order will not be fulfilled. */
    record CancelOrder(@TargetAggregateIdentifier String orderId, String reason, Instant canceledAt)
            implements OrderCommand {}

    /**
     * Ops refund {@code amountMinor} of the captured payment, or, when {@code lines} is not empty (and the amount
     * null), the line items' share of their line totals. {@code refundId} is the idempotency anchor: the same id again
     * changes nothing.
     */
    record RequestRefund(
            @TargetAggregateIdentifier String orderId,
            String refundId,
            Long amountMinor,
            List<RefundLine> lines,
            String reason,
            Instant requestedAt)
            implements OrderCommand {
        public RequestRefund {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** The PSP refunded {@code amountMinor} (a refund ops asked for, or one payment-service made on a cancel). */
    record CompleteRefund(
            @TargetAggregateIdentifier String orderId,
            String refundId,
            long amountMinor,
            String currency,
            String providerReference,
            Instant refundedAt)
            implements OrderCommand {}

    /** The refund could not be made; nothing moved. */
    record FailRefund(@TargetAggregateIdentifier String orderId, String refundId, String reason, Instant failedAt)
            implements OrderCommand {}

    /** The buyer's bank opened or moved a dispute on the order's payment. */
    record RecordDispute(
            @TargetAggregateIdentifier String orderId,
            String disputeId,
            long amountMinor,
            String currency,
            String reason,
            String status,
            Instant occurredAt)
            implements OrderCommand {}
}
