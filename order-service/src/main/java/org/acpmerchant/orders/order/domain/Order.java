package org.acpmerchant.orders.order.domain;

import static org.acpmerchant.orders.order.domain.OrderStatus.CANCELED;
import static org.acpmerchant.orders.order.domain.OrderStatus.COMPLETED;
import static org.acpmerchant.orders.order.domain.OrderStatus.CONFIRMED;
import static org.acpmerchant.orders.order.domain.OrderStatus.CREATED;
import static org.acpmerchant.orders.order.domain.OrderStatus.MANUAL_REVIEW;
import static org.acpmerchant.orders.order.domain.OrderStatus.PROCESSING;
import static org.acpmerchant.orders.order.domain.OrderStatus.REJECTED;
import static org.acpmerchant.orders.order.domain.OrderStatus.SHIPPED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderItemsReleased;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.AdjustmentAccepted;
import org.acpmerchant.orders.order.api.CarrierEventKeyed;
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
import org.acpmerchant.orders.order.api.OrderCommand.CreateFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverDigitalGoods;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.FailRefund;
import org.acpmerchant.orders.order.api.OrderCommand.HoldForReview;
import org.acpmerchant.orders.order.api.OrderCommand.MarkReadyForPickup;
import org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.PreviewRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RecordCarrierEvent;
import org.acpmerchant.orders.order.api.OrderCommand.RecordDispute;
import org.acpmerchant.orders.order.api.OrderCommand.RecordReturn;
import org.acpmerchant.orders.order.api.OrderCommand.RequestRefund;
import org.acpmerchant.orders.order.api.OrderCommand.ShipFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.PaymentCaptureRecorded;
import org.acpmerchant.orders.order.api.RefundAccepted;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.orders.order.api.RefundPreview;
import org.acpmerchant.orders.order.domain.OrderChange.Kind;
import org.acpmerchant.orders.order.domain.RefundLedger.Refund;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An ACP order (2026-04-17 model): its {@link LineUnits} (ordered, current, fulfilled, returned), any number of
 * {@link Fulfillments} (shipping, pickup, digital) each covering some units, the changes to its units
 * ({@link OrderChange}: cancellations and returns), its {@link RefundLedger}, and a status derived by
 * {@link OrderStatusPolicy}. A rejected request leaves a rejected aggregate behind so that a repeated request stays a
 * no-op. Each command handler checks its guards, then applies its events.
 */
@Aggregate
public class Order {

    private static final Set<OrderStatus> SHIPPABLE = EnumSet.of(CREATED, CONFIRMED, PROCESSING);
    private static final Set<OrderStatus> DELIVERABLE = EnumSet.of(CREATED, CONFIRMED, PROCESSING, SHIPPED);
    private static final Set<OrderStatus> CANCELABLE = EnumSet.of(CREATED, CONFIRMED, MANUAL_REVIEW, PROCESSING);
    private static final Set<OrderStatus> LINES_CANCELABLE = EnumSet.of(CONFIRMED, PROCESSING, SHIPPED);
    private static final Set<OrderStatus> RETURNABLE = EnumSet.of(PROCESSING, SHIPPED, COMPLETED);
    private static final Set<OrderStatus> REFUNDABLE = EnumSet.of(CONFIRMED, PROCESSING, SHIPPED, COMPLETED);
    private static final Set<OrderStatus> NOT_FULFILLABLE = EnumSet.of(CANCELED, REJECTED, MANUAL_REVIEW);

    @AggregateIdentifier
    private String orderId;

    private OrderStatus status;
    private String sessionId;
    private String paymentId;
    private String reservationId;
    private String currency;
    private boolean captured;
    private LineUnits units = LineUnits.none();
    private Fulfillments fulfillments = Fulfillments.none();
    private RefundLedger refunds = RefundLedger.none();
    private final Map<String, OrderChange> changes = new LinkedHashMap<>();
    private final Map<String, String> disputes = new LinkedHashMap<>();
    private final Set<String> carrierEventKeys = new HashSet<>();

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
        String type = Fulfillment.isType(request.fulfillmentType()) ? request.fulfillmentType() : Fulfillment.SHIPPING;
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
        if (captured || status == null || status == REJECTED || status == CANCELED) {
            return;
        }
        if (command.awaitMerchant() && status != MANUAL_REVIEW) {
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
        if (status == null || status == REJECTED) {
            throw new OrderStateConflictException("order " + orderId + " does not exist or was rejected");
        }
        if (status == CANCELED) {
            throw new OrderStateConflictException("order " + orderId + " is canceled and cannot be confirmed");
        }
        if (status != CREATED && status != MANUAL_REVIEW) {
            return; // already confirmed, or further along
        }
        if (!captured) {
            throw new OrderStateConflictException("order " + orderId + " cannot be confirmed before its payment is "
                    + "captured" + (status == MANUAL_REVIEW ? " (the capture failed; it is in manual review)" : ""));
        }
        apply(new OrderConfirmed(orderId, paymentId, refunds.capturedMinor(), currency, command.confirmedAt()));
    }

    @CommandHandler
    public void handle(HoldForReview command) {
        if (status != CREATED || captured) {
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
        if (status == SHIPPED || status == COMPLETED) {
            return;
        }
        requireStatus(SHIPPABLE, "shipped");
        FulfillmentStep step = FulfillmentStep.shipped(command.carrier(), command.trackingNumber(),
                command.trackingUrl());
        if (fulfillments.isEmpty()) {
            apply(stepped(fulfillments.remainder(units), step, command.shippedAt()));
            return;
        }
        if (!unassigned().isEmpty()) {
            create(null, Fulfillment.SHIPPING, List.of(), null, command.shippedAt());
        }
        for (String id : fulfillments.ids()) {
            Fulfillment f = fulfillments.get(id);
            if (f.is(Fulfillment.SHIPPING) && f.status() == FulfillmentStatus.PROCESSING) {
                apply(stepped(f, step, command.shippedAt()));
            }
        }
    }

    /**
     * Delivers the whole order: an order without fulfillments delivers its remainder fulfillment as one; otherwise
     * the units not yet in a fulfillment go into a new one of the order's type, then every fulfillment is delivered.
     */
    @CommandHandler
    public void handle(DeliverOrder command) {
        if (status == COMPLETED) {
            return;
        }
        requireStatus(DELIVERABLE, "delivered");
        if (fulfillments.isEmpty()) {
            apply(stepped(fulfillments.remainder(units), FulfillmentStep.delivered(null, null), command.deliveredAt()));
            return;
        }
        if (!unassigned().isEmpty()) {
            create(null, fulfillments.orderType(), List.of(), null, command.deliveredAt());
        }
        for (String id : fulfillments.ids()) {
            Fulfillment f = fulfillments.get(id);
            if (!f.delivered() && !f.canceled()) {
                deliver(f, null, command.deliveredAt());
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
        String type = command.fulfillmentType() == null ? fulfillments.orderType() : command.fulfillmentType();
        return accepted(create(command.requestKey(), type, command.lines(), command.description(),
                command.createdAt()));
    }

    @CommandHandler
    public FulfillmentAccepted handle(ShipFulfillment command) {
        requireFulfillable("shipped");
        Fulfillment f = fulfillment(resolve(command.fulfillmentId(), command.shippedAt()));
        requireType(f, Fulfillment.SHIPPING, "shipped");
        if (f.status() != FulfillmentStatus.PROCESSING) {
            requireNotCanceled(f, "shipped");
            return f.accepted();
        }
        apply(stepped(f, FulfillmentStep.shipped(command.carrier(), command.trackingNumber(), command.trackingUrl()),
                command.shippedAt()));
        return accepted(f.id());
    }

    @CommandHandler
    public FulfillmentAccepted handle(MarkReadyForPickup command) {
        requireFulfillable("made ready for pickup");
        Fulfillment f = fulfillment(resolve(command.fulfillmentId(), command.readyAt()));
        requireType(f, Fulfillment.PICKUP, "made ready for pickup");
        if (f.status() != FulfillmentStatus.PROCESSING) {
            requireNotCanceled(f, "made ready for pickup");
            return f.accepted();
        }
        apply(stepped(f, FulfillmentStep.readyForPickup(), command.readyAt()));
        return accepted(f.id());
    }

    @CommandHandler
    public FulfillmentAccepted handle(DeliverFulfillment command) {
        requireFulfillable("delivered");
        Fulfillment f = fulfillment(resolve(command.fulfillmentId(), command.deliveredAt()));
        if (command.requiredType() != null) {
            requireType(f, command.requiredType(), "delivered as " + command.requiredType());
        }
        if (command.digitalDelivery() != null && !f.is(Fulfillment.DIGITAL)) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type", "Fulfillment "
                    + f.id() + " is a " + f.type() + " fulfillment; only digital ones take digital_delivery.");
        }
        if (f.delivered()) {
            return f.accepted();
        }
        requireNotCanceled(f, "delivered");
        deliver(f, command.digitalDelivery(), command.deliveredAt());
        return accepted(f.id());
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
            return f.accepted();
        }
        if (!FulfillmentStep.isCarrierEvent(command.eventType())) {
            throw new OrderChangeRefusedException("invalid_event_type",
                    "A carrier event is in_transit, out_for_delivery or failed_attempt; delivery has its own call.");
        }
        requireType(f, Fulfillment.SHIPPING, "tracked");
        if (!f.status().onTheWay()) {
            throw new OrderStateConflictException("fulfillment " + f.id() + " is " + f.status().wireName()
                    + "; carrier events follow shipping and end with delivery");
        }
        apply(stepped(f, FulfillmentStep.carrierScan(f.status(), command.eventType(), command.description(),
                command.location()), command.occurredAt()));
        if (command.eventKey() != null) {
            apply(new CarrierEventKeyed(orderId, command.eventKey()));
        }
        return accepted(f.id());
    }

    @CommandHandler
    public FulfillmentAccepted handle(DeliverDigitalGoods command) {
        requireFulfillable("delivered digitally");
        Optional<FulfillmentAccepted> known = knownFulfillment(command.requestKey(), command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        String id = create(command.requestKey(), Fulfillment.DIGITAL, command.lines(), null, command.deliveredAt());
        deliver(fulfillments.get(id), command.digitalDelivery(), command.deliveredAt());
        return accepted(id);
    }

    @CommandHandler
    public void handle(CancelOrder command) {
        if (status == CANCELED) {
            return;
        }
        requireStatus(CANCELABLE, "canceled");
        if (units.everFulfilled()) {
            throw conflict("canceled");
        }
        cancelOrder(command.reason(), command.canceledAt());
    }

    /**
     * Cancels units not yet in a fulfillment: their share (less what was refunded already, at most what remains) is
     * refunded and their stock released; canceling every unit left cancels the order.
     */
    @CommandHandler
    public AdjustmentAccepted handle(CancelLineItems command) {
        Optional<AdjustmentAccepted> known = knownChange(command.cancellationId(), Kind.CANCELLATION, command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        requireCaptured("changed by canceling line items before its capture");
        requireStatus(LINES_CANCELABLE, "changed by canceling line items");
        List<LineQuantity> canceled = units.validated(command.lines(), unassigned(),
                "canceled (not yet in a fulfillment)");
        LineUnits after = units.canceling(canceled);
        RefundLedger.Share share = refunds.shareOf(canceled, units).capped(refunds.remaining());
        OrderStatus statusAfter = OrderStatusPolicy.derive(after, fulfillments, captured);
        OrderChange change = new OrderChange(Kind.CANCELLATION, command.cancellationId(), canceled,
                share.amountMinor(), command.reason(), command.canceledAt());
        apply(new LineItemsCanceled(orderId, change.id(), canceled, change.amountMinor(), currency, change.reason(),
                after.current(), statusAfter.wireName(), change.at()));
        releaseStock(change.id(), canceled, change.reason(), change.at());
        requestRefund(change, share.lines());
        if (statusAfter == CANCELED) {
            cancelOrder(change.reason(), change.at());
        }
        return change.accepted(currency);
    }

    /** Records fulfilled units coming back: their share (less what was refunded already, at most what remains). */
    @CommandHandler
    public AdjustmentAccepted handle(RecordReturn command) {
        Optional<AdjustmentAccepted> known = knownChange(command.returnId(), Kind.RETURN, command.lines());
        if (known.isPresent()) {
            return known.get();
        }
        requireCaptured("changed by a return before its capture");
        requireStatus(RETURNABLE, "changed by a return");
        List<LineQuantity> returned = units.validated(command.lines(), units.returnable(),
                "returned (fulfilled and not returned)");
        LineUnits after = units.returning(returned);
        RefundLedger.Share share = refunds.shareOf(returned, units).capped(refunds.remaining());
        OrderStatus statusAfter = OrderStatusPolicy.derive(after, fulfillments, captured);
        OrderChange change = new OrderChange(Kind.RETURN, command.returnId(), returned, share.amountMinor(),
                command.reason(), command.returnedAt());
        apply(new ItemsReturned(orderId, change.id(), returned, change.amountMinor(), currency, change.reason(),
                after.current(), after.fulfilled(), statusAfter.wireName(), change.at()));
        requestRefund(change, share.lines());
        return change.accepted(currency);
    }

    @CommandHandler
    public RefundPreview handle(PreviewRefund command) {
        requireStatus(REFUNDABLE, "refunded");
        long amount = refunds.amountOf("preview", command.amountMinor(), command.lines(), units);
        refunds.requireRemaining(amount, currency);
        long remaining = refunds.remaining();
        return new RefundPreview(amount, currency, remaining, remaining - amount);
    }

    @CommandHandler
    public RefundAccepted handle(RequestRefund command) {
        requireStatus(REFUNDABLE, "refunded");
        long amount = refunds.amountOf(command.refundId(), command.amountMinor(), command.lines(), units);
        Optional<Refund> known = refunds.find(command.refundId());
        if (known.isPresent()) {
            if (known.get().amountMinor() != amount || !known.get().lines().equals(command.lines())) {
                throw new RefundRefusedException("idempotency_key_reused",
                        "Refund " + command.refundId() + " was requested with a different amount or line items.");
            }
            return new RefundAccepted(command.refundId(), known.get().amountMinor(), currency,
                    known.get().status().wireName());
        }
        refunds.requireRemaining(amount, currency);
        apply(new RefundRequested(command.refundId(), orderId, sessionId, paymentId, amount, currency,
                command.lines(), command.reason(), command.requestedAt()));
        return new RefundAccepted(command.refundId(), amount, currency, Refund.Status.PENDING.wireName());
    }

    @CommandHandler
    public void handle(CompleteRefund command) {
        if (refunds.open(command.refundId())) {
            apply(new RefundCompleted(orderId, command.refundId(), command.amountMinor(), command.currency(),
                    command.providerReference(), command.refundedAt()));
        }
    }

    @CommandHandler
    public void handle(FailRefund command) {
        if (refunds.open(command.refundId())) {
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

    // The guards.

    private void requireStatus(Set<OrderStatus> allowed, String action) {
        if (!allowed.contains(status)) {
            throw conflict(action);
        }
    }

    private void requireCaptured(String action) {
        if (!captured) {
            throw conflict(action);
        }
    }

    private void requireFulfillable(String action) {
        if (status == null || NOT_FULFILLABLE.contains(status)) {
            throw conflict(action);
        }
    }

    private OrderStateConflictException conflict(String action) {
        return new OrderStateConflictException(orderId, status == null ? null : status.wireName(), action);
    }

    private Fulfillment fulfillment(String id) {
        Fulfillment f = fulfillments.get(id);
        if (f == null) {
            throw new OrderChangeRefusedException("unknown_fulfillment",
                    "Order " + orderId + " has no fulfillment " + id + ".");
        }
        return f;
    }

    private static void requireType(Fulfillment f, String type, String action) {
        if (!f.is(type)) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type",
                    "Fulfillment " + f.id() + " is a " + f.type() + " fulfillment and cannot be " + action + ".");
        }
    }

    private static void requireNotCanceled(Fulfillment f, String action) {
        if (f.canceled()) {
            throw new OrderStateConflictException(
                    "fulfillment " + f.id() + " is " + f.status().wireName() + " and cannot be " + action);
        }
    }

    /** The answer to a fulfillment request already made with this key; refused when it named other units. */
    private Optional<FulfillmentAccepted> knownFulfillment(String requestKey, List<LineQuantity> requested) {
        Optional<Fulfillment> known = fulfillments.byRequestKey(requestKey);
        if (known.isPresent() && !requested.isEmpty() && !LineUnits.perLine(requested).equals(known.get().units())) {
            throw new OrderChangeRefusedException("idempotency_key_reused", "Idempotency key " + requestKey
                    + " was used for fulfillment " + known.get().id() + " with other line items.");
        }
        return known.map(Fulfillment::accepted);
    }

    /** The answer to a change already made with this id; refused when it was another kind or other units. */
    private Optional<AdjustmentAccepted> knownChange(String id, Kind kind, List<LineQuantity> requested) {
        OrderChange change = changes.get(id);
        if (change == null) {
            return Optional.empty();
        }
        if (!change.sameAs(kind, requested)) {
            throw new OrderChangeRefusedException("idempotency_key_reused",
                    "Idempotency key for " + id + " was used with other line items.");
        }
        return Optional.of(change.accepted(currency, refundStatusOf(change)));
    }

    // What the handlers apply.

    /**
     * The fulfillment a merchant call names. The pending remainder the order document shows ({@code ful_<order>},
     * the units not yet in any fulfillment) is not a fulfillment of its own: acting on it first gives those units a
     * fulfillment of the order's type, whose id the answer carries.
     */
    private String resolve(String id, Instant at) {
        if (id != null && id.equals(fulfillments.remainderId()) && fulfillments.get(id) == null
                && !unassigned().isEmpty()) {
            return create(null, fulfillments.orderType(), List.of(), null, at);
        }
        return id;
    }

    /** Starts a fulfillment of {@code type} for the requested units (none: every unit not yet in one); its id. */
    private String create(String requestKey, String type, List<LineQuantity> requested, String description,
            Instant at) {
        if (!Fulfillment.isType(type)) {
            throw new OrderChangeRefusedException("invalid_fulfillment_type",
                    "Fulfillment type must be shipping, pickup or digital.");
        }
        Map<String, Integer> available = unassigned();
        List<LineQuantity> covered;
        if (requested.isEmpty()) {
            if (available.isEmpty()) {
                throw new OrderChangeRefusedException("nothing_to_fulfill",
                        "Every unit of order " + orderId + " is already in a fulfillment or canceled.");
            }
            covered = LineUnits.asLines(available);
        } else {
            covered = units.validated(requested, available, "fulfilled (not yet in a fulfillment)");
        }
        Fulfillment started = Fulfillment.started(fulfillments.nextId(), type, LineUnits.perLine(covered));
        OrderStatus statusAfter = OrderStatusPolicy.derive(units, fulfillments.with(started), captured);
        apply(new FulfillmentCreated(orderId, started.id(), type, covered, fulfillments.destinationFor(type),
                description, requestKey, started.lastEventId(), statusAfter.wireName(), at));
        return started.id();
    }

    private void deliver(Fulfillment f, DigitalDelivery digitalDelivery, Instant at) {
        String description = f.is(Fulfillment.PICKUP) ? "Picked up" : null;
        apply(stepped(f, FulfillmentStep.delivered(digitalDelivery, description), at));
    }

    /**
     * The event recording {@code step} of fulfillment {@code f}: the fulfilled units it leaves (its units count once,
     * when first shipped or delivered) and the order status.
     */
    private OrderFulfillmentUpdated stepped(Fulfillment f, FulfillmentStep step, Instant at) {
        Fulfillment after = f.movedTo(step.status());
        LineUnits unitsAfter = units.stepping(f, after);
        OrderStatus statusAfter = OrderStatusPolicy.derive(unitsAfter, fulfillments.with(after), captured);
        return step.recorded(orderId, after, unitsAfter.fulfilled(), statusAfter, at);
    }

    private void cancelOrder(String reason, Instant at) {
        List<LineQuantity> unshipped = units.unshipped();
        apply(new OrderCanceled(orderId, reason, at));
        apply(new org.acpmerchant.events.order.OrderCanceled(orderId, sessionId, paymentId, reservationId, reason, at));
        releaseStock("cancel_" + orderId, unshipped, reason, at);
    }

    /** Units that will never ship go back to pricing's stock (once per release id, by pricing's inbox and ledger). */
    private void releaseStock(String releaseId, List<LineQuantity> released, String reason, Instant at) {
        List<StockLine> stock = units.stock(released);
        if (!stock.isEmpty() && reservationId != null) {
            apply(new OrderItemsReleased(orderId, sessionId, reservationId, releaseId, stock, reason, at));
        }
    }

    /** A change that carries money asks for its refund, under the change's id. */
    private void requestRefund(OrderChange change, List<RefundLine> carrying) {
        if (change.amountMinor() > 0) {
            apply(new RefundRequested(change.id(), orderId, sessionId, paymentId, change.amountMinor(), currency,
                    carrying, change.reason(), change.at()));
        }
    }

    private String refundStatusOf(OrderChange change) {
        return refunds.find(change.id()).map(r -> r.status().wireName()).orElse(Refund.Status.COMPLETED.wireName());
    }

    private Map<String, Integer> unassigned() {
        return fulfillments.unassigned(units);
    }

    private FulfillmentAccepted accepted(String fulfillmentId) {
        return fulfillments.get(fulfillmentId).accepted();
    }

    // The state the events leave.

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        sessionId = event.sessionId();
        paymentId = event.paymentId();
        currency = event.currency();
        units = LineUnits.placed(event.orderId(), event.lines());
        fulfillments = Fulfillments.placed(event);
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
        refunds = refunds.captured(event.amountMinor());
        if (status == CREATED || status == MANUAL_REVIEW) {
            status = CONFIRMED;
        }
    }

    @EventSourcingHandler
    void on(PaymentCaptureRecorded event) {
        captured = true;
        refunds = refunds.captured(event.amountMinor());
    }

    @EventSourcingHandler
    void on(OrderHeldForReview event) {
        status = MANUAL_REVIEW;
    }

    @EventSourcingHandler
    void on(FulfillmentCreated event) {
        fulfillments = fulfillments.started(event);
        status = OrderStatus.fromWireName(event.orderStatus());
    }

    @EventSourcingHandler
    void on(OrderFulfillmentUpdated event) {
        Fulfillment f = fulfillments.get(event.fulfillmentId());
        if (f == null) {
            f = fulfillments.remainder(units);
        }
        fulfillments = fulfillments.with(f.movedTo(FulfillmentStatus.fromWireName(event.fulfillmentStatus())));
        units = units.withFulfilled(event.fulfilledQuantities());
        status = OrderStatus.fromWireName(event.orderStatus());
    }

    @EventSourcingHandler
    void on(CarrierEventKeyed event) {
        carrierEventKeys.add(event.eventKey());
    }

    @EventSourcingHandler
    void on(LineItemsCanceled event) {
        changes.put(event.cancellationId(), OrderChange.of(event));
        units = units.withCurrent(event.currentQuantities());
        status = OrderStatus.fromWireName(event.orderStatus());
    }

    @EventSourcingHandler
    void on(ItemsReturned event) {
        changes.put(event.returnId(), OrderChange.of(event));
        units = units.withReturn(event.lines(), event.currentQuantities(), event.fulfilledQuantities());
        status = OrderStatus.fromWireName(event.orderStatus());
    }

    @EventSourcingHandler
    void on(OrderCanceled event) {
        status = CANCELED;
        units = units.allCanceled();
        fulfillments = fulfillments.canceled();
    }

    @EventSourcingHandler
    void on(RefundRequested event) {
        refunds = refunds.requested(event);
    }

    @EventSourcingHandler
    void on(RefundCompleted event) {
        refunds = refunds.completed(event);
    }

    @EventSourcingHandler
    void on(RefundFailed event) {
        refunds = refunds.failed(event);
    }

    @EventSourcingHandler
    void on(OrderDisputed event) {
        disputes.put(event.disputeId(), event.status());
    }
}
