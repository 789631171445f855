package org.acpmerchant.orders.order.query;

import org.acpmerchant.platform.tracing.TraceParents;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.function.Consumer;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.orders.webhook.WebhookOutbox;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * Tracking processor over the order events: keeps the ACP Order read model and enqueues the webhook deliveries, both
 * in the transaction that advances its token. {@code OrderPlaced} only fills the read model; {@code OrderCreated}
 * enqueues {@code order_create}; every later change (confirmation, fulfillment, cancel, refund and dispute
 * adjustments) enqueues {@code order_update}; the shared {@code OrderCanceled} is for other services. A replay rebuilds the read model
 * and enqueues nothing twice (deliveries are unique by event id and endpoint).
 */
@ProcessingGroup(OrderWebhookProjection.PROCESSING_GROUP)
public class OrderWebhookProjection {

    public static final String PROCESSING_GROUP = "order-webhooks";
    public static final String ORDER_CREATE = "order_create";
    public static final String ORDER_UPDATE = "order_update";

    private final OrderViewRepository views;
    private final WebhookOutbox outbox;
    private final Clock clock;

    private final TraceParents traces;

    public OrderWebhookProjection(OrderViewRepository views, WebhookOutbox outbox, Clock clock, TraceParents traces) {
        this.traces = traces;
        this.views = views;
        this.outbox = outbox;
        this.clock = clock;
    }

    @EventHandler
    void on(OrderPlaced event) {
        views.save(event.orderId(), event.sessionId(), event.paymentId(), AcpOrderDocument.placed(event), clock.instant());
    }

    @EventHandler
    void on(OrderCreated event, EventMessage<?> message, @SequenceNumber long sequence) {
        views.find(event.orderId()).ifPresent(order ->
                outbox.enqueue(message.getIdentifier(), event.orderId(), sequence, ORDER_CREATE, order, clock.instant(),
                        traces.current()));
    }

    @EventHandler
    void on(OrderConfirmed event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(OrderHeldForReview event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(FulfillmentCreated event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(LineItemsCanceled event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(ItemsReturned event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(OrderFulfillmentUpdated event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(OrderCanceled event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(RefundRequested event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(RefundCompleted event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(RefundFailed event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @EventHandler
    void on(OrderDisputed event, EventMessage<?> message, @SequenceNumber long sequence) {
        update(event.orderId(), message, sequence, OrderViewFold.change(event).apply());
    }

    @ResetHandler
    void reset() {
        views.deleteAll();
    }

    private void update(String orderId, EventMessage<?> message, long sequence, Consumer<ObjectNode> change) {
        views.find(orderId).ifPresent(order -> {
            change.accept(order);
            views.save(orderId, order.path("checkout_session_id").asText(), null, order, clock.instant());
            outbox.enqueue(message.getIdentifier(), orderId, sequence, ORDER_UPDATE, order, clock.instant(), traces.current());
        });
    }
}
