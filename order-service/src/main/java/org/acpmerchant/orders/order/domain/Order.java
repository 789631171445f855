package org.acpmerchant.orders.order.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CompleteRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.FailRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RecordDispute;
import org.acpmerchant.orders.order.api.OrderCommand.RequestRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundAccepted;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An ACP order (2026-04-17 model): line items with ordered/current/fulfilled quantities, one fulfillment, an open
 * status string. A rejected request leaves a rejected aggregate behind so that a repeated request stays a no-op.
 * Refunds are adjustments: what remains refundable is the captured amount minus every refund pending or completed;
 * a line item's units can be refunded once.
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
    private String sessionId;
    private String paymentId;
    private String reservationId;
    private String currency;
    private long capturedMinor;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, String> disputes = new LinkedHashMap<>();

    /** A refund's amount, status ({@code pending}, {@code completed}, {@code failed}) and line quantities. */
    private record Refund(long amountMinor, String status, List<RefundLine> lines) {
        boolean counts() {
            return !"failed".equals(status);
        }
    }

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
        apply(new org.acpmerchant.events.order.OrderCanceled(
                orderId, sessionId, paymentId, reservationId, command.reason(), command.canceledAt()));
    }

    @CommandHandler
    public RefundAccepted handle(RequestRefund command) {
        requireStatus(Set.of(CONFIRMED, SHIPPED, COMPLETED), "refunded");
        long amount = command.lines().isEmpty() ? amountOf(command) : lineAmount(command);
        Refund known = refunds.get(command.refundId());
        if (known != null) {
            if (known.amountMinor() != amount || !known.lines().equals(command.lines())) {
                throw new RefundRefusedException("idempotency_key_reused",
                        "Refund " + command.refundId() + " was requested with a different amount or line items.");
            }
            return new RefundAccepted(command.refundId(), known.amountMinor(), currency, known.status());
        }
        long remaining = remainingRefundable();
        if (amount > remaining) {
            throw new RefundRefusedException("refund_exceeds_remaining",
                    "The refund of " + amount + " exceeds the " + remaining + " " + currency + " that remain refundable.");
        }
        apply(new RefundRequested(command.refundId(), orderId, sessionId, paymentId, amount, currency,
                command.lines(), command.reason(), command.requestedAt()));
        return new RefundAccepted(command.refundId(), amount, currency, "pending");
    }

    @CommandHandler
    public void handle(CompleteRefund command) {
        Refund known = refunds.get(command.refundId());
        if (known == null || "pending".equals(known.status())) {
            apply(new RefundCompleted(orderId, command.refundId(), command.amountMinor(), command.currency(),
                    command.providerReference(), command.refundedAt()));
        }
    }

    @CommandHandler
    public void handle(FailRefund command) {
        Refund known = refunds.get(command.refundId());
        if (known == null || "pending".equals(known.status())) {
            apply(new RefundFailed(orderId, command.refundId(), command.reason(), command.failedAt()));
        }
    }

    @CommandHandler
    public void handle(RecordDispute command) {
        if (!command.status().equals(disputes.get(command.disputeId()))) {
            apply(new OrderDisputed(orderId, command.disputeId(), command.amountMinor(), command.currency(),
                    command.reason(), command.status(), command.occurredAt()));
        }
    }

    /** Captured minus every refund pending or completed. */
    long remainingRefundable() {
        return capturedMinor - refunds.values().stream().filter(Refund::counts).mapToLong(Refund::amountMinor).sum();
    }

    private long amountOf(RequestRefund command) {
        if (command.amountMinor() == null || command.amountMinor() <= 0) {
            throw new RefundRefusedException("invalid_amount", "A refund needs a positive amount or line items.");
        }
        return command.amountMinor();
    }

    /** Each line's share of its line total (tax included), rounded down; every unit can be refunded once. */
    private long lineAmount(RequestRefund command) {
        if (command.amountMinor() != null) {
            throw new RefundRefusedException("invalid_amount", "Give either an amount or line items, not both.");
        }
        long amount = 0;
        for (RefundLine requested : command.lines()) {
            OrderLine line = lines.get(requested.lineItemId());
            if (line == null || requested.quantity() < 1) {
                throw new RefundRefusedException("invalid_line_items",
                        "Unknown line item or quantity below 1: " + requested.lineItemId());
            }
            int already = refunds.entrySet().stream()
                    .filter(e -> e.getValue().counts() && !e.getKey().equals(command.refundId()))
                    .flatMap(e -> e.getValue().lines().stream())
                    .filter(l -> l.lineItemId().equals(requested.lineItemId()))
                    .mapToInt(RefundLine::quantity).sum();
            if (requested.quantity() + already > line.quantity()) {
                throw new RefundRefusedException("invalid_line_items", "Line item " + requested.lineItemId()
                        + " has " + (line.quantity() - already) + " unit(s) left to refund.");
            }
            amount += line.total() * requested.quantity() / line.quantity();
        }
        return amount;
    }

    private void requireStatus(Set<String> allowed, String action) {
        if (!allowed.contains(status)) {
            throw new OrderStateConflictException(orderId, status, action);
        }
    }

    private OrderFulfillmentUpdated fulfillment(String fulfillmentStatus, String eventType, String orderStatus,
            String carrier, String trackingNumber, String trackingUrl, Instant at) {
        return new OrderFulfillmentUpdated(orderId, fulfillmentId, fulfillmentStatus,
                fulfillmentId + "_evt_" + (fulfillmentEvents + 1), eventType, orderStatus,
                Map.copyOf(currentQuantities), carrier, trackingNumber, trackingUrl, at);
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        fulfillmentId = event.fulfillmentId();
        sessionId = event.sessionId();
        paymentId = event.paymentId();
        currency = event.currency();
        for (OrderLine line : event.lines()) {
            currentQuantities.put(line.lineItemId(), line.quantity());
            lines.put(line.lineItemId(), line);
        }
    }

    @EventSourcingHandler
    void on(OrderCreated event) {
        status = CREATED;
        reservationId = event.reservationId();
    }

    @EventSourcingHandler
    void on(OrderRejected event) {
        orderId = event.orderId();
        status = REJECTED;
    }

    @EventSourcingHandler
    void on(OrderConfirmed event) {
        status = CONFIRMED;
        capturedMinor = event.amountMinor();
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

    @EventSourcingHandler
    void on(RefundRequested event) {
        refunds.put(event.refundId(), new Refund(event.amountMinor(), "pending", event.lines()));
    }

    @EventSourcingHandler
    void on(RefundCompleted event) {
        Refund known = refunds.get(event.refundId());
        refunds.put(event.refundId(),
                new Refund(event.amountMinor(), "completed", known == null ? List.of() : known.lines()));
    }

    @EventSourcingHandler
    void on(RefundFailed event) {
        Refund known = refunds.get(event.refundId());
        refunds.put(event.refundId(), new Refund(0, "failed", known == null ? List.of() : known.lines()));
    }

    @EventSourcingHandler
    void on(OrderDisputed event) {
        disputes.put(event.disputeId(), event.status());
    }
}
