package org.acpmerchant.orders.order.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An ACP order (2026-04-17 model): line items with ordered/current/fulfilled quantities, one fulfillment, an open
 * status string. A rejected request leaves a rejected aggregate behind so that a repeated request stays a no-op.
 */
@Aggregate
public class Order {

    static final String CREATED = "created";
    static final String CONFIRMED = "confirmed";
    static final String SHIPPED = "shipped";
    static final String COMPLETED = "completed";
    static final String CANCELED = "canceled";
    static final String REJECTED = "rejected";
    private static final Set<String> FULFILLMENT_TYPES = Set.of("shipping", "pickup", "digital");

    @AggregateIdentifier
    private String orderId;

    private String status;
    private String fulfillmentId;
    private int fulfillmentEvents;
    private final Map<String, Integer> currentQuantities = new LinkedHashMap<>();

    protected Order() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateOrder command) {
        if (orderId != null) {
            return;
        }
        OrderRequested request = command.request();
        Optional<String> problem = OrderRequestPolicy.problem(request);
        if (problem.isPresent()) {
            apply(new OrderRejected(command.orderId(), request.sessionId(), problem.get(), command.createdAt()));
            return;
        }
        String type = FULFILLMENT_TYPES.contains(request.fulfillmentType()) ? request.fulfillmentType() : "shipping";
        apply(new OrderPlaced(
                command.orderId(),
                request.sessionId(),
                command.orderNumber(),
                command.permalinkUrl(),
                request.paymentId(),
                request.currency(),
                request.lines(),
                request.totals(),
                request.buyerEmail(),
                request.shippingAddress(),
                "ful_" + command.orderId(),
                type,
                request.fulfillmentTitle(),
                command.createdAt()));
        apply(new OrderCreated(
                command.orderId(),
                request.sessionId(),
                request.paymentId(),
                request.reservationId(),
                command.permalinkUrl(),
                request.total(),
                request.currency(),
                command.createdAt()));
    }

    @CommandHandler
    public void handle(ConfirmOrder command) {
        if (!CREATED.equals(status)) {
            return;
        }
        apply(new OrderConfirmed(
                orderId, command.paymentId(), command.amountMinor(), command.currency(), command.capturedAt()));
    }

    @CommandHandler
    public void handle(ShipOrder command) {
        if (SHIPPED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED), "shipped");
        apply(fulfillment("shipped", "shipped", SHIPPED, command.carrier(), command.trackingNumber(),
                command.trackingUrl(), command.shippedAt()));
    }

    @CommandHandler
    public void handle(DeliverOrder command) {
        if (COMPLETED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED, SHIPPED), "delivered");
        apply(fulfillment("delivered", "delivered", COMPLETED, null, null, null, command.deliveredAt()));
    }

    @CommandHandler
    public void handle(CancelOrder command) {
        if (CANCELED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED), "canceled");
        apply(new OrderCanceled(orderId, command.reason(), command.canceledAt()));
    }

    private void requireStatus(Set<String> allowed, String action) {
        if (!allowed.contains(status)) {
            throw new OrderStateConflictException(orderId, status, action);
        }
    }

    private OrderFulfillmentUpdated fulfillment(String fulfillmentStatus, String eventType, String orderStatus,
            String carrier, String trackingNumber, String trackingUrl, java.time.Instant at) {
        return new OrderFulfillmentUpdated(orderId, fulfillmentId, fulfillmentStatus,
                fulfillmentId + "_evt_" + (fulfillmentEvents + 1), eventType, orderStatus,
                Map.copyOf(currentQuantities), carrier, trackingNumber, trackingUrl, at);
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        fulfillmentId = event.fulfillmentId();
        for (OrderLine line : event.lines()) {
            currentQuantities.put(line.lineItemId(), line.quantity());
        }
    }

    @EventSourcingHandler
    void on(OrderCreated event) {
        status = CREATED;
    }

    @EventSourcingHandler
    void on(OrderRejected event) {
        orderId = event.orderId();
        status = REJECTED;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderFulfillmentUpdated event) {
        fulfillmentEvents++;
        status = event.orderStatus();
    }

    @EventSourcingHandler
    void on(OrderCanceled event) {
        status = CANCELED;
        currentQuantities.replaceAll((id, quantity) -> 0);
    }
}
