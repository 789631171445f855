package org.acpmerchant.orders.order.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.AdjustmentAccepted;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.FulfillmentAccepted;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderCommand.CancelLineItems;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CompleteRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.RecordCarrierEvent;
import org.acpmerchant.orders.order.api.CarrierEventKeyed;
import org.acpmerchant.orders.order.api.PaymentCaptureRecorded;
import org.acpmerchant.orders.order.api.OrderCommand.CreateFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverDigitalGoods;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.FailRefund;
import org.acpmerchant.orders.order.api.OrderCommand.HoldForReview;
import org.acpmerchant.orders.order.api.OrderCommand.MarkReadyForPickup;
import org.acpmerchant.orders.order.api.OrderCommand.RecordDispute;
import org.acpmerchant.orders.order.api.OrderCommand.RecordReturn;
import org.acpmerchant.orders.order.api.OrderCommand.PreviewRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RequestRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ShipFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundAccepted;
import org.acpmerchant.orders.order.api.RefundPreview;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An ACP order (2026-04-17 model): line items with ordered/current/fulfilled quantities, any number of fulfillments
 * (shipping, pickup, digital) each covering some units, adjustments, and a status derived by
 * {@link OrderStatusPolicy}. A rejected request leaves a rejected aggregate behind so that a repeated request stays a
 * no-op. Refunds, line cancellations and returns are adjustments: what remains refundable is the captured amount minus
 * every refund pending or completed; a line item's units carry money once. A line's units are credited by the
 * cumulative share rule: units {@code k+1 … k+q} of a line with total {@code T} and ordered quantity {@code n} are
 * worth {@code floor(T·(k+q)/n) − floor(T·k/n)}, so all units together are worth exactly {@code T}.
 */
@Aggregate
public class Order {

    static final String CREATED = "created";
    static final String CONFIRMED = "confirmed";
    static final String MANUAL_REVIEW = "manual_review";
    static final String PROCESSING = "processing";
    static final String SHIPPED = "shipped";
    static final String COMPLETED = "completed";
    static final String CANCELED = "canceled";
    static final String REJECTED = "rejected";
    private static final Set<String> FULFILLMENT_TYPES = Set.of("shipping", "pickup", "digital");
    private static final Set<String> COUNTING = Set.of("shipped", "in_transit", "out_for_delivery", "delivered");
    private static final Set<String> CARRIER_EVENTS = Set.of("in_transit", "out_for_delivery", "failed_attempt");
    private static final Set<String> NOT_FULFILLABLE = Set.of(CANCELED, REJECTED, MANUAL_REVIEW);

    @AggregateIdentifier
    private String orderId;

    private String status;
    private String fulfillmentId;
    private String fulfillmentType;
    private OrderAddress shippingAddress;
    private OrderAddress pickupAddress;
    private int fulfillmentSequence;
    private boolean captured;
    private boolean everFulfilled;
    private final Map<String, Integer> currentQuantities = new LinkedHashMap<>();
    private final Map<String, Integer> fulfilledQuantities = new LinkedHashMap<>();
    private final Map<String, Integer> returnedQuantities = new LinkedHashMap<>();
    private final Map<String, Fulfillment> fulfillments = new LinkedHashMap<>();
    private final Map<String, String> fulfillmentKeys = new LinkedHashMap<>();
    private final Map<String, Change> changes = new LinkedHashMap<>();
    private String sessionId;
    private String paymentId;
    private String reservationId;
    private String currency;
    private long capturedMinor;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, String> disputes = new LinkedHashMap<>();
    private final Set<String> carrierEventKeys = new java.util.HashSet<>();

    /** A refund's amount, status ({@code pending}, {@code completed}, {@code failed}) and line quantities. */
    private record Refund(long amountMinor, String status, List<RefundLine> lines) {
        boolean counts() {
            return !"failed".equals(status);
        }
    }

    /** A fulfillment: type, status, units per line, how many events it has, whether its units count as fulfilled. */
    private record Fulfillment(String type, String status, Map<String, Integer> lines, int events, boolean counted) {
        boolean delivered() {
            return "delivered".equals(status);
        }
    }

    /** A cancellation or return: its type ({@code cancellation}, {@code return}), lines and amount. */
    private record Change(String type, List<LineQuantity> lines, long amountMinor) {}

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
                command.createdAt(),
                request.pickupLocation()));
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
        if (captured || status == null || REJECTED.equals(status) || CANCELED.equals(status)) {
            return;
        }
        if (command.awaitMerchant() && !MANUAL_REVIEW.equals(status)) {
            apply(new PaymentCaptureRecorded(
                    orderId, command.paymentId(), command.amountMinor(), command.currency(), command.capturedAt()));
            return;
        }
        apply(new OrderConfirmed(
                orderId, command.paymentId(), command.amountMinor(), command.currency(), command.capturedAt()));
    }

    /**
     * The merchant accepts the order: {@code confirmed} once its payment is captured. Before the capture (or after a
     * failed one, in manual review) it is refused: a confirmed order must have its money.
     */
    @CommandHandler
    public void handle(MerchantConfirmOrder command) {
        if (status == null || REJECTED.equals(status)) {
            throw new OrderStateConflictException("order " + orderId + " does not exist or was rejected");
        }
        if (CANCELED.equals(status)) {
            throw new OrderStateConflictException("order " + orderId + " is canceled and cannot be confirmed");
        }
        if (!CREATED.equals(status) && !MANUAL_REVIEW.equals(status)) {
            return; // already confirmed, or further along
        }
        if (!captured) {
            throw new OrderStateConflictException("order " + orderId + " cannot be confirmed before its payment is "
                    + "captured" + (MANUAL_REVIEW.equals(status) ? " (the capture failed; it is in manual review)" : ""));
        }
        apply(new OrderConfirmed(orderId, paymentId, capturedMinor, currency, command.confirmedAt()));
    }

    @CommandHandler
    public void handle(HoldForReview command) {
        if (!CREATED.equals(status) || captured) {
            return;
        }
        apply(new OrderHeldForReview(orderId, command.paymentId(), command.reason(), command.failedAt()));
    }

    /**
     * Ships the whole order: an order without fulfillments ships its remainder fulfillment as one (one event, as
     * before several fulfillments existed); otherwise the units not yet in a fulfillment go into a new one, and every
     * shipping fulfillment still processing ships.
     */
    @CommandHandler
    public void handle(ShipOrder command) {
        if (SHIPPED.equals(status) || COMPLETED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED, PROCESSING), "shipped");
        if (fulfillments.isEmpty()) {
            Fulfillment remainder = remainder();
            apply(update(fulfillmentId, remainder, FulfillmentStep.shipped(command.carrier(), command.trackingNumber(),
                    command.trackingUrl()), fulfilledAfterCounting(remainder), command.shippedAt()));
            return;
        }
        if (!unassigned().isEmpty()) {
            create(null, "shipping", List.of(), null, command.shippedAt());
        }
        for (String id : List.copyOf(fulfillments.keySet())) {
            Fulfillment f = fulfillments.get(id);
            if ("shipping".equals(f.type()) && PROCESSING.equals(f.status())) {
                ship(id, command.carrier(), command.trackingNumber(), command.trackingUrl(), command.shippedAt());
            }
        }
    }

    /**
     * Delivers the whole order: an order without fulfillments delivers its remainder fulfillment as one; otherwise
     * the units not yet in a fulfillment go into a new one of the order's type, then every fulfillment is delivered.
     */
    @CommandHandler
    public void handle(DeliverOrder command) {
        if (COMPLETED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED, PROCESSING, SHIPPED), "delivered");
        if (fulfillments.isEmpty()) {
            Fulfillment remainder = remainder();
            apply(update(fulfillmentId, remainder, FulfillmentStep.delivered(null, null),
                    fulfilledAfterCounting(remainder), command.deliveredAt()));
            return;
        }
        if (!unassigned().isEmpty()) {
            create(null, fulfillmentType, List.of(), null, command.deliveredAt());
        }
        for (String id : List.copyOf(fulfillments.keySet())) {
            Fulfillment f = fulfillments.get(id);
            if (!f.delivered() && !CANCELED.equals(f.status())) {
                deliver(id, null, command.deliveredAt());
            }
        }
    }

    @CommandHandler
    public FulfillmentAccepted handle(CreateFulfillment command) {
        requireFulfillable("given a fulfillment");
        Optional<FulfillmentAccepted> known = knownFulfillment(command.requestKey(), command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        String type = command.fulfillmentType() == null ? fulfillmentType : command.fulfillmentType();
        String id = create(command.requestKey(), type, command.lines(), command.description(), command.createdAt());
        return accepted(id);
    }

    @CommandHandler
    public FulfillmentAccepted handle(ShipFulfillment command) {
        requireFulfillable("shipped");
        String id = resolve(command.fulfillmentId(), command.shippedAt());
        Fulfillment f = fulfillment(id);
        requireType(id, f, "shipping", "shipped");
        if (!PROCESSING.equals(f.status())) {
            requireNotCanceled(id, f, "shipped");
            return accepted(id);
        }
        ship(id, command.carrier(), command.trackingNumber(), command.trackingUrl(), command.shippedAt());
        return accepted(id);
    }

    @CommandHandler
    public FulfillmentAccepted handle(MarkReadyForPickup command) {
        requireFulfillable("made ready for pickup");
        String id = resolve(command.fulfillmentId(), command.readyAt());
        Fulfillment f = fulfillment(id);
        requireType(id, f, "pickup", "made ready for pickup");
        if (!PROCESSING.equals(f.status())) {
            requireNotCanceled(id, f, "made ready for pickup");
            return accepted(id);
        }
        apply(update(id, f, FulfillmentStep.readyForPickup(), fulfilledQuantities, command.readyAt()));
        return accepted(id);
    }

    @CommandHandler
    public FulfillmentAccepted handle(DeliverFulfillment command) {
        requireFulfillable("delivered");
        String id = resolve(command.fulfillmentId(), command.deliveredAt());
        Fulfillment f = fulfillment(id);
        if (command.requiredType() != null) {
            requireType(id, f, command.requiredType(), "delivered as " + command.requiredType());
        }
        if (command.digitalDelivery() != null && !"digital".equals(f.type())) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type", "Fulfillment "
                    + id + " is a " + f.type() + " fulfillment; only digital ones take digital_delivery.");
        }
        if (f.delivered()) {
            return accepted(id);
        }
        requireNotCanceled(id, f, "delivered");
        deliver(id, command.digitalDelivery(), command.deliveredAt());
        return accepted(id);
    }

    /**
     * A carrier scan of a shipped fulfillment, appended as a fulfillment event: {@code in_transit} and
     * {@code out_for_delivery} move its status, {@code failed_attempt} is recorded and leaves it. A report with a key
     * already recorded changes nothing.
     */
    @CommandHandler
    public FulfillmentAccepted handle(RecordCarrierEvent command) {
        Fulfillment f = fulfillment(command.fulfillmentId());
        if (command.eventKey() != null && carrierEventKeys.contains(command.eventKey())) {
            return accepted(command.fulfillmentId());
        }
        if (!CARRIER_EVENTS.contains(command.eventType())) {
            throw new OrderChangeRefusedException("invalid_event_type",
                    "A carrier event is in_transit, out_for_delivery or failed_attempt; delivery has its own call.");
        }
        requireType(command.fulfillmentId(), f, "shipping", "tracked");
        if (!Set.of(SHIPPED, "in_transit", "out_for_delivery").contains(f.status())) {
            throw new OrderStateConflictException("fulfillment " + command.fulfillmentId() + " is " + f.status()
                    + "; carrier events follow shipping and end with delivery");
        }
        String next = "failed_attempt".equals(command.eventType()) ? f.status() : command.eventType();
        apply(update(command.fulfillmentId(), f,
                FulfillmentStep.carrierScan(next, command.eventType(), command.description(), command.location()),
                fulfilledQuantities, command.occurredAt()));
        if (command.eventKey() != null) {
            apply(new CarrierEventKeyed(orderId, command.eventKey()));
        }
        return accepted(command.fulfillmentId());
    }

    /**
     * The fulfillment a merchant call names. The pending remainder the order document shows ({@code ful_<order>},
     * the units not yet in any fulfillment) is not a fulfillment of its own: acting on it first gives those units a
     * fulfillment of the order's type, whose id the answer carries.
     */
    private String resolve(String id, Instant at) {
        if (id != null && id.equals(fulfillmentId) && !fulfillments.containsKey(id) && !unassigned().isEmpty()) {
            return create(null, fulfillmentType, List.of(), null, at);
        }
        return id;
    }

    @CommandHandler
    public FulfillmentAccepted handle(DeliverDigitalGoods command) {
        requireFulfillable("delivered digitally");
        Optional<FulfillmentAccepted> known = knownFulfillment(command.requestKey(), command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        String id = create(command.requestKey(), "digital", command.lines(), null, command.deliveredAt());
        deliver(id, command.digitalDelivery(), command.deliveredAt());
        return accepted(id);
    }

    @CommandHandler
    public void handle(CancelOrder command) {
        if (CANCELED.equals(status)) {
            return;
        }
        requireStatus(Set.of(CREATED, CONFIRMED, MANUAL_REVIEW, PROCESSING), "canceled");
        if (everFulfilled) {
            throw new OrderStateConflictException(orderId, status, "canceled");
        }
        cancelOrder(command.reason(), command.canceledAt());
    }

    @CommandHandler
    public AdjustmentAccepted handle(CancelLineItems command) {
        Optional<AdjustmentAccepted> known = knownChange(command.cancellationId(), "cancellation", command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        if (!captured) {
            throw new OrderStateConflictException(orderId, status, "changed by canceling line items before its capture");
        }
        requireStatus(Set.of(CONFIRMED, PROCESSING, SHIPPED), "changed by canceling line items");
        List<LineQuantity> canceled = validated(command.lines(), unassigned(), "canceled (not yet in a fulfillment)");
        Map<String, Integer> current = new LinkedHashMap<>(currentQuantities);
        canceled.forEach(l -> current.merge(l.lineItemId(), -l.quantity(), Integer::sum));
        List<RefundLine> paid = new ArrayList<>();
        long amount = Math.min(lineShare(canceled, paid), remainingRefundable());
        String after = OrderStatusPolicy.derive(current, fulfilledQuantities, delivered(fulfillments), underway(fulfillments),
                everFulfilled, captured);
        apply(new LineItemsCanceled(orderId, command.cancellationId(), canceled, amount, currency, command.reason(),
                current, after, command.canceledAt()));
        releaseStock(command.cancellationId(), canceled, command.reason(), command.canceledAt());
        requestRefund(command.cancellationId(), amount, paid, command.reason(), command.canceledAt());
        if (CANCELED.equals(after)) {
            cancelOrder(command.reason(), command.canceledAt());
        }
        return new AdjustmentAccepted(command.cancellationId(), "cancellation", amount, currency,
                amount > 0 ? "pending" : "completed", canceled);
    }

    @CommandHandler
    public AdjustmentAccepted handle(RecordReturn command) {
        Optional<AdjustmentAccepted> known = knownChange(command.returnId(), "return", command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        if (!captured) {
            throw new OrderStateConflictException(orderId, status, "changed by a return before its capture");
        }
        requireStatus(Set.of(PROCESSING, SHIPPED, COMPLETED), "changed by a return");
        Map<String, Integer> returnable = new LinkedHashMap<>();
        fulfilledQuantities.forEach((id, q) -> {
            if (q > 0) {
                returnable.put(id, q);
            }
        });
        List<LineQuantity> returned = validated(command.lines(), returnable, "returned (fulfilled and not returned)");
        Map<String, Integer> current = new LinkedHashMap<>(currentQuantities);
        Map<String, Integer> fulfilled = new LinkedHashMap<>(fulfilledQuantities);
        Map<String, Integer> returnedAfter = new LinkedHashMap<>(returnedQuantities);
        for (LineQuantity l : returned) {
            current.merge(l.lineItemId(), -l.quantity(), Integer::sum);
            fulfilled.merge(l.lineItemId(), -l.quantity(), Integer::sum);
            returnedAfter.merge(l.lineItemId(), l.quantity(), Integer::sum);
        }
        List<RefundLine> paid = new ArrayList<>();
        long amount = Math.min(lineShare(returned, paid), remainingRefundable());
        Map<String, Integer> delivered = new LinkedHashMap<>();
        deliveredUnits(fulfillments).forEach((id, q) -> delivered.put(id, q - returnedAfter.getOrDefault(id, 0)));
        String after = OrderStatusPolicy.derive(current, fulfilled, delivered, underway(fulfillments), true, captured);
        apply(new ItemsReturned(orderId, command.returnId(), returned, amount, currency, command.reason(), current,
                fulfilled, after, command.returnedAt()));
        requestRefund(command.returnId(), amount, paid, command.reason(), command.returnedAt());
        return new AdjustmentAccepted(command.returnId(), "return", amount, currency,
                amount > 0 ? "pending" : "completed", returned);
    }

    @CommandHandler
    public RefundPreview handle(PreviewRefund command) {
        requireStatus(Set.of(CONFIRMED, PROCESSING, SHIPPED, COMPLETED), "refunded");
        RequestRefund probe = new RequestRefund(orderId, "preview", command.amountMinor(), command.lines(), "preview",
                null);
        long amount = command.lines().isEmpty() ? amountOf(probe) : lineAmount(probe);
        long remaining = remainingRefundable();
        if (amount > remaining) {
            throw new RefundRefusedException("refund_exceeds_remaining",
                    "The refund of " + amount + " exceeds the " + remaining + " " + currency + " that remain refundable.");
        }
        return new RefundPreview(amount, currency, remaining, remaining - amount);
    }

    @CommandHandler
    public RefundAccepted handle(RequestRefund command) {
        requireStatus(Set.of(CONFIRMED, PROCESSING, SHIPPED, COMPLETED), "refunded");
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

    private void cancelOrder(String reason, Instant at) {
        List<LineQuantity> unshipped = currentQuantities.entrySet().stream()
                .filter(e -> e.getValue() - fulfilledQuantities.getOrDefault(e.getKey(), 0) > 0)
                .map(e -> new LineQuantity(e.getKey(), e.getValue() - fulfilledQuantities.getOrDefault(e.getKey(), 0)))
                .toList();
        apply(new OrderCanceled(orderId, reason, at));
        apply(new org.acpmerchant.events.order.OrderCanceled(orderId, sessionId, paymentId, reservationId, reason, at));
        releaseStock("cancel_" + orderId, unshipped, reason, at);
    }

    /** Units that will never ship go back to pricing's stock (once per release id, by pricing's inbox and ledger). */
    private void releaseStock(String releaseId, List<LineQuantity> units, String reason, Instant at) {
        List<org.acpmerchant.events.StockLine> stock = units.stream()
                .filter(u -> u.quantity() > 0 && lines.containsKey(u.lineItemId()))
                .map(u -> new org.acpmerchant.events.StockLine(lines.get(u.lineItemId()).itemId(), u.quantity()))
                .toList();
        if (!stock.isEmpty() && reservationId != null) {
            apply(new org.acpmerchant.events.order.OrderItemsReleased(orderId, sessionId, reservationId, releaseId,
                    stock, reason, at));
        }
    }

    private void requestRefund(String refundId, long amount, List<RefundLine> paid, String reason, Instant at) {
        if (amount > 0) {
            apply(new RefundRequested(refundId, orderId, sessionId, paymentId, amount, currency, paid, reason, at));
        }
    }

    private String create(String requestKey, String type, List<LineQuantity> requested, String description,
            Instant at) {
        if (!FULFILLMENT_TYPES.contains(type)) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type",
                    "Fulfillment type must be shipping, pickup or digital.");
        }
        OrderAddress destination = "pickup".equals(type) ? pickupAddress : "shipping".equals(type) ? shippingAddress : null;
        Map<String, Integer> available = unassigned();
        List<LineQuantity> covered;
        if (requested.isEmpty()) {
            if (available.isEmpty()) {
                throw new OrderChangeRefusedException("nothing_to_fulfill",
                        "Every unit of order " + orderId + " is already in a fulfillment or canceled.");
            }
            covered = available.entrySet().stream().map(e -> new LineQuantity(e.getKey(), e.getValue())).toList();
        } else {
            covered = validated(requested, available, "fulfilled (not yet in a fulfillment)");
        }
        String id = fulfillmentId + "_" + (fulfillmentSequence + 1);
        Map<String, Fulfillment> after = new LinkedHashMap<>(fulfillments);
        after.put(id, new Fulfillment(type, PROCESSING, Map.of(), 1, false));
        String orderStatus = OrderStatusPolicy.derive(currentQuantities, fulfilledQuantities, delivered(after),
                true, everFulfilled, captured);
        apply(new FulfillmentCreated(orderId, id, type, covered, destination, description, requestKey,
                id + "_evt_1", orderStatus, at));
        return id;
    }

    private void ship(String id, String carrier, String trackingNumber, String trackingUrl, Instant at) {
        Fulfillment f = fulfillments.get(id);
        apply(update(id, f, FulfillmentStep.shipped(carrier, trackingNumber, trackingUrl), fulfilledAfterCounting(f),
                at));
    }

    private void deliver(String id, DigitalDelivery digitalDelivery, Instant at) {
        Fulfillment f = fulfillments.get(id);
        String description = "pickup".equals(f.type()) ? "Picked up" : null;
        apply(update(id, f, FulfillmentStep.delivered(digitalDelivery, description), fulfilledAfterCounting(f), at));
    }

    /** The fulfilled quantities once {@code f}'s units count (they count once: when shipped or first delivered). */
    private Map<String, Integer> fulfilledAfterCounting(Fulfillment f) {
        Map<String, Integer> fulfilled = new LinkedHashMap<>(fulfilledQuantities);
        if (!f.counted()) {
            f.lines().forEach((line, q) -> fulfilled.merge(line, q, Integer::sum));
        }
        return fulfilled;
    }

    /** The event recording {@code step} of fulfillment {@code id}, and the order status it leaves. */
    private OrderFulfillmentUpdated update(String id, Fulfillment f, FulfillmentStep step,
            Map<String, Integer> fulfilled, Instant at) {
        Map<String, Fulfillment> after = new LinkedHashMap<>(fulfillments);
        after.put(id, new Fulfillment(f.type(), step.status(), f.lines(), f.events() + 1,
                f.counted() || COUNTING.contains(step.status())));
        Map<String, Integer> delivered = delivered(after);
        boolean fulfilledNow = everFulfilled || fulfilled.values().stream().anyMatch(q -> q > 0);
        String orderStatus = OrderStatusPolicy.derive(currentQuantities, fulfilled, delivered, true, fulfilledNow,
                captured);
        return new OrderFulfillmentUpdated(orderId, id, step.status(), id + "_evt_" + (f.events() + 1),
                step.eventType(), orderStatus, fulfilled, step.carrier(), step.trackingNumber(), step.trackingUrl(), at,
                step.digitalDelivery(), step.description(), step.location());
    }

    /** The order's initial fulfillment, covering every unit not yet in another one. */
    private Fulfillment remainder() {
        return new Fulfillment(fulfillmentType, "pending", unassigned(), 0, false);
    }

    /** Units per line not yet in a fulfillment (returned units left their fulfillment), only lines with some. */
    private Map<String, Integer> unassigned() {
        Map<String, Integer> available = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> line : currentQuantities.entrySet()) {
            int assigned = 0;
            for (Fulfillment f : fulfillments.values()) {
                if (!CANCELED.equals(f.status())) {
                    assigned += f.lines().getOrDefault(line.getKey(), 0);
                }
            }
            int free = line.getValue() - (assigned - returnedQuantities.getOrDefault(line.getKey(), 0));
            if (free > 0) {
                available.put(line.getKey(), free);
            }
        }
        return available;
    }

    private Map<String, Integer> delivered(Map<String, Fulfillment> all) {
        Map<String, Integer> delivered = new LinkedHashMap<>();
        deliveredUnits(all).forEach((id, q) -> delivered.put(id, q - returnedQuantities.getOrDefault(id, 0)));
        return delivered;
    }

    private static Map<String, Integer> deliveredUnits(Map<String, Fulfillment> all) {
        Map<String, Integer> delivered = new LinkedHashMap<>();
        all.values().stream().filter(Fulfillment::delivered)
                .forEach(f -> f.lines().forEach((line, q) -> delivered.merge(line, q, Integer::sum)));
        return delivered;
    }

    private static boolean underway(Map<String, Fulfillment> all) {
        return all.values().stream().anyMatch(f -> !CANCELED.equals(f.status()));
    }

    /**
     * Checks requested lines against {@code available} units per line: known ids, quantity at least 1, each id once,
     * at most what is available.
     */
    private List<LineQuantity> validated(List<LineQuantity> requested, Map<String, Integer> available, String what) {
        if (requested.isEmpty()) {
            throw new OrderChangeRefusedException("invalid_line_items", "Name at least one line item.");
        }
        Set<String> seen = new HashSet<>();
        for (LineQuantity l : requested) {
            if (l.lineItemId() == null || !lines.containsKey(l.lineItemId())) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Order " + orderId + " has no line item " + l.lineItemId() + ".");
            }
            if (l.quantity() < 1) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Quantity of line item " + l.lineItemId() + " must be at least 1.");
            }
            if (!seen.add(l.lineItemId())) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Line item " + l.lineItemId() + " is named twice.");
            }
            int free = available.getOrDefault(l.lineItemId(), 0);
            if (l.quantity() > free) {
                throw new OrderChangeRefusedException("quantity_exceeds_available", "Line item " + l.lineItemId()
                        + " has " + free + " unit(s) that can be " + what + "; " + l.quantity() + " requested.");
            }
        }
        return List.copyOf(requested);
    }

    private Optional<FulfillmentAccepted> knownFulfillment(String requestKey, List<LineQuantity> requested) {
        if (requestKey == null || !fulfillmentKeys.containsKey(requestKey)) {
            return Optional.empty();
        }
        String id = fulfillmentKeys.get(requestKey);
        Fulfillment f = fulfillments.get(id);
        if (!requested.isEmpty() && !quantities(requested).equals(f.lines())) {
            throw new OrderChangeRefusedException("idempotency_key_reused",
                    "Idempotency key " + requestKey + " was used for fulfillment " + id + " with other line items.");
        }
        return Optional.of(accepted(id));
    }

    private Optional<AdjustmentAccepted> knownChange(String id, String type, List<LineQuantity> requested) {
        Change change = changes.get(id);
        if (change == null) {
            return Optional.empty();
        }
        if (!change.type().equals(type) || !quantities(change.lines()).equals(quantities(requested))) {
            throw new OrderChangeRefusedException("idempotency_key_reused",
                    "Idempotency key for " + id + " was used with other line items.");
        }
        Refund refund = refunds.get(id);
        String adjustmentStatus = refund == null ? "completed" : refund.status();
        return Optional.of(new AdjustmentAccepted(id, type, change.amountMinor(), currency, adjustmentStatus,
                change.lines()));
    }

    private FulfillmentAccepted accepted(String id) {
        Fulfillment f = fulfillments.get(id);
        return new FulfillmentAccepted(id, f.type(), f.status(),
                f.lines().entrySet().stream().map(e -> new LineQuantity(e.getKey(), e.getValue())).toList());
    }

    private Fulfillment fulfillment(String id) {
        Fulfillment f = id == null ? null : fulfillments.get(id);
        if (f == null) {
            throw new OrderChangeRefusedException("unknown_fulfillment",
                    "Order " + orderId + " has no fulfillment " + id + ".");
        }
        return f;
    }

    private void requireType(String id, Fulfillment f, String type, String action) {
        if (!type.equals(f.type())) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type",
                    "Fulfillment " + id + " is a " + f.type() + " fulfillment and cannot be " + action + ".");
        }
    }

    private void requireNotCanceled(String id, Fulfillment f, String action) {
        if (CANCELED.equals(f.status())) {
            throw new OrderStateConflictException("fulfillment " + id + " is " + f.status() + " and cannot be " + action);
        }
    }

    private void requireFulfillable(String action) {
        if (status == null || NOT_FULFILLABLE.contains(status)) {
            throw new OrderStateConflictException(orderId, status, action);
        }
    }

    private static Map<String, Integer> quantities(List<LineQuantity> lines) {
        Map<String, Integer> map = new LinkedHashMap<>();
        lines.forEach(l -> map.merge(l.lineItemId(), l.quantity(), Integer::sum));
        return map;
    }

    private long amountOf(RequestRefund command) {
        if (command.amountMinor() == null || command.amountMinor() <= 0) {
            throw new RefundRefusedException("invalid_amount", "A refund needs a positive amount or line items.");
        }
        return command.amountMinor();
    }

    /** The line items' cumulative share (see the class comment); every unit can be refunded once. */
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
            int already = creditedUnits(requested.lineItemId(), command.refundId());
            if (requested.quantity() + already > line.quantity()) {
                throw new RefundRefusedException("invalid_line_items", "Line item " + requested.lineItemId()
                        + " has " + (line.quantity() - already) + " unit(s) left to refund.");
            }
            amount += share(line, already, requested.quantity());
        }
        return amount;
    }

    /**
     * The money for canceled or returned units: each line's cumulative share for the units not yet credited by an
     * earlier refund (units already refunded carry no money again). {@code paid} receives the units that carry money.
     */
    private long lineShare(List<LineQuantity> units, List<RefundLine> paid) {
        long amount = 0;
        for (LineQuantity l : units) {
            OrderLine line = lines.get(l.lineItemId());
            int already = creditedUnits(l.lineItemId(), null);
            int carrying = Math.max(0, Math.min(l.quantity(), line.quantity() - already));
            if (carrying > 0) {
                amount += share(line, already, carrying);
                paid.add(new RefundLine(l.lineItemId(), carrying));
            }
        }
        return amount;
    }

    /** Units {@code already+1 … already+quantity} of the line: floor(T·(k+q)/n) − floor(T·k/n). */
    static long share(OrderLine line, int already, int quantity) {
        long total = line.total();
        int ordered = line.quantity();
        return Math.floorDiv(total * (already + quantity), ordered) - Math.floorDiv(total * already, ordered);
    }

    private int creditedUnits(String lineItemId, String exceptRefundId) {
        return refunds.entrySet().stream()
                .filter(e -> e.getValue().counts() && !e.getKey().equals(exceptRefundId))
                .flatMap(e -> e.getValue().lines().stream())
                .filter(l -> l.lineItemId().equals(lineItemId))
                .mapToInt(RefundLine::quantity).sum();
    }

    private void requireStatus(Set<String> allowed, String action) {
        if (!allowed.contains(status)) {
            throw new OrderStateConflictException(orderId, status, action);
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        fulfillmentId = event.fulfillmentId();
        fulfillmentType = event.fulfillmentType();
        shippingAddress = event.shippingAddress();
        pickupAddress = event.pickupAddress();
        sessionId = event.sessionId();
        paymentId = event.paymentId();
        currency = event.currency();
        for (OrderLine line : event.lines()) {
            currentQuantities.put(line.lineItemId(), line.quantity());
            fulfilledQuantities.put(line.lineItemId(), 0);
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
        captured = true;
        capturedMinor = event.amountMinor();
        if (CREATED.equals(status) || MANUAL_REVIEW.equals(status)) {
            status = CONFIRMED;
        }
    }

    @EventSourcingHandler
    void on(PaymentCaptureRecorded event) {
        captured = true;
        capturedMinor = event.amountMinor();
    }

    @EventSourcingHandler
    void on(OrderHeldForReview event) {
        status = MANUAL_REVIEW;
    }

    @EventSourcingHandler
    void on(FulfillmentCreated event) {
        fulfillmentSequence++;
        fulfillments.put(event.fulfillmentId(),
                new Fulfillment(event.fulfillmentType(), PROCESSING, event.quantities(), 1, false));
        if (event.requestKey() != null) {
            fulfillmentKeys.put(event.requestKey(), event.fulfillmentId());
        }
        status = event.orderStatus();
    }

    @EventSourcingHandler
    void on(OrderFulfillmentUpdated event) {
        Fulfillment f = fulfillments.get(event.fulfillmentId());
        if (f == null) {
            f = remainder();
        }
        fulfillments.put(event.fulfillmentId(),
                new Fulfillment(f.type(), event.fulfillmentStatus(), f.lines(), f.events() + 1,
                        f.counted() || COUNTING.contains(event.fulfillmentStatus())));
        fulfilledQuantities.putAll(event.fulfilledQuantities());
        everFulfilled |= event.fulfilledQuantities().values().stream().anyMatch(q -> q > 0);
        status = event.orderStatus();
    }

    @EventSourcingHandler
    void on(CarrierEventKeyed event) {
        carrierEventKeys.add(event.eventKey());
    }

    @EventSourcingHandler
    void on(LineItemsCanceled event) {
        changes.put(event.cancellationId(), new Change("cancellation", event.lines(), event.amountMinor()));
        currentQuantities.putAll(event.currentQuantities());
        status = event.orderStatus();
    }

    @EventSourcingHandler
    void on(ItemsReturned event) {
        changes.put(event.returnId(), new Change("return", event.lines(), event.amountMinor()));
        event.lines().forEach(l -> returnedQuantities.merge(l.lineItemId(), l.quantity(), Integer::sum));
        currentQuantities.putAll(event.currentQuantities());
        fulfilledQuantities.putAll(event.fulfilledQuantities());
        everFulfilled = true;
        status = event.orderStatus();
    }

    @EventSourcingHandler
    void on(OrderCanceled event) {
        status = CANCELED;
        currentQuantities.replaceAll((id, quantity) -> 0);
        fulfillments.replaceAll((id, f) -> f.delivered() ? f : new Fulfillment(f.type(), CANCELED, f.lines(),
                f.events(), f.counted()));
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
