package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.acpmerchant.events.checkout.OrderRequested;
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
}
