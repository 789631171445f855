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

    /**
     * The payment for the order was captured. {@code awaitMerchant}: the merchant confirms orders itself
     * ({@code acp.orders.confirmation: merchant}), so the capture is only recorded.
     */
    record ConfirmOrder(
            @TargetAggregateIdentifier String orderId,
            String paymentId,
            long amountMinor,
            String currency,
            Instant capturedAt,
            boolean awaitMerchant)
            implements OrderCommand {
        public ConfirmOrder(String orderId, String paymentId, long amountMinor, String currency, Instant capturedAt) {
            this(orderId, paymentId, amountMinor, currency, capturedAt, false);
        }
    }

    /**
     * A carrier scan of a shipped fulfillment: {@code eventType} is {@code in_transit}, {@code out_for_delivery} or
     * {@code failed_attempt}; {@code eventKey} (may be null) makes a repeated report a no-op.
     */
    record RecordCarrierEvent(
            @TargetAggregateIdentifier String orderId,
            String fulfillmentId,
            String eventType,
            String description,
            String location,
            String eventKey,
            Instant occurredAt)
            implements OrderCommand {}

    /** The merchant accepts the order (merchant API). A no-op once it is confirmed. */
    record MerchantConfirmOrder(@TargetAggregateIdentifier String orderId, Instant confirmedAt)
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

    /**
     * What {@link RequestRefund} with this amount or these lines would refund, and what would remain refundable:
     * the same rules, nothing applied (the ops console's confirmation step).
     */
    record PreviewRefund(@TargetAggregateIdentifier String orderId, Long amountMinor, List<RefundLine> lines)
            implements OrderCommand {
        public PreviewRefund {
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

    /**
     * Start a fulfillment for {@code lines} (empty: every unit not yet in a fulfillment) of {@code fulfillmentType}
     * (null: the order's type). {@code requestKey} (may be null) makes a retry answer the same fulfillment.
     */
    record CreateFulfillment(
            @TargetAggregateIdentifier String orderId,
            String requestKey,
            String fulfillmentType,
            List<LineQuantity> lines,
            String description,
            Instant createdAt)
            implements OrderCommand {
        public CreateFulfillment {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** A shipping fulfillment was handed to the carrier. */
    record ShipFulfillment(
            @TargetAggregateIdentifier String orderId,
            String fulfillmentId,
            String carrier,
            String trackingNumber,
            String trackingUrl,
            Instant shippedAt)
            implements OrderCommand {}

    /** A pickup fulfillment is ready at the pickup location. */
    record MarkReadyForPickup(@TargetAggregateIdentifier String orderId, String fulfillmentId, Instant readyAt)
            implements OrderCommand {}

    /**
     * A fulfillment reached the buyer: delivered (shipping), picked up (pickup), or delivered digitally.
     * {@code requiredType} (may be null) refuses a fulfillment of another type.
     */
    record DeliverFulfillment(
            @TargetAggregateIdentifier String orderId,
            String fulfillmentId,
            String requiredType,
            DigitalDelivery digitalDelivery,
            Instant deliveredAt)
            implements OrderCommand {}

    /** Deliver digital goods for {@code lines} (empty: every unit not yet in a fulfillment) as one digital fulfillment. */
    record DeliverDigitalGoods(
            @TargetAggregateIdentifier String orderId,
            String requestKey,
            List<LineQuantity> lines,
            DigitalDelivery digitalDelivery,
            Instant deliveredAt)
            implements OrderCommand {
        public DeliverDigitalGoods {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** Cancel units not yet in a fulfillment; their share is refunded. {@code cancellationId} is the idempotency anchor. */
    record CancelLineItems(
            @TargetAggregateIdentifier String orderId,
            String cancellationId,
            List<LineQuantity> lines,
            String reason,
            Instant canceledAt)
            implements OrderCommand {
        public CancelLineItems {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** Record fulfilled units the buyer returned; their share is refunded. {@code returnId} is the idempotency anchor. */
    record RecordReturn(
            @TargetAggregateIdentifier String orderId,
            String returnId,
            List<LineQuantity> lines,
            String reason,
            Instant returnedAt)
            implements OrderCommand {
        public RecordReturn {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** Capturing the order's payment failed: the order needs a person to look at it. */
    record HoldForReview(@TargetAggregateIdentifier String orderId, String paymentId, String reason, Instant failedAt)
            implements OrderCommand {}
}
