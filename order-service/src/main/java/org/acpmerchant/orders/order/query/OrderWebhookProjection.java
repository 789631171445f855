package org.acpmerchant.orders.order.query;

import org.acpmerchant.platform.tracing.TraceParents;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tracking processor over the order events: keeps the ACP Order read model and enqueues the webhook deliveries, both
 * in the transaction that advances its token. {@code OrderPlaced} only fills the read model; {@code OrderCreated}
 * enqueues {@code order_create}; every later change (confirmation, fulfillment, cancel, refund and dispute
 * adjustments) enqueues {@code order_update}; the shared {@code OrderCanceled} is for other services. A replay rebuilds the read model
 * and enqueues nothing: the deliveries of the events it replays were enqueued when they were first handled (and are
 * unique by event id and endpoint besides). The documents a batch changes are kept in memory and written once, just
 * before its transaction commits: a replay's batch touches each order several times.
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
    private final Object pendingKey = new Object();

    public OrderWebhookProjection(OrderViewRepository views, WebhookOutbox outbox, Clock clock, TraceParents traces) {
        this.traces = traces;
        this.views = views;
        this.outbox = outbox;
        this.clock = clock;
    }

    @EventHandler
    void on(OrderPlaced event) {
        ObjectNode order = AcpOrderDocument.placed(event);
        Map<String, Pending> pending = pendingInTransaction();
        if (pending == null) {
            views.save(event.orderId(), event.sessionId(), event.paymentId(), order, clock.instant());
        } else {
            pending.put(event.orderId(), new Pending(event.sessionId(), event.paymentId(), order));
        }
    }

    @EventHandler
    void on(OrderCreated event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        ObjectNode order = load(event.orderId());
        if (order != null && !replay.isReplay()) {
            outbox.enqueue(message.getIdentifier(), event.orderId(), sequence, ORDER_CREATE, order, clock.instant(),
                    traces.current());
        }
    }

    @EventHandler
    void on(OrderConfirmed event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.confirmed(order, event));
    }

    @EventHandler
    void on(OrderHeldForReview event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.heldForReview(order, event));
    }

    @EventHandler
    void on(FulfillmentCreated event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.fulfillmentCreated(order, event));
    }

    @EventHandler
    void on(LineItemsCanceled event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.lineItemsCanceled(order, event));
    }

    @EventHandler
    void on(ItemsReturned event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.itemsReturned(order, event));
    }

    @EventHandler
    void on(OrderFulfillmentUpdated event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.fulfillmentUpdated(order, event));
    }

    @EventHandler
    void on(OrderCanceled event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.canceled(order, event));
    }

    @EventHandler
    void on(RefundRequested event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.refundRequested(order, event));
    }

    @EventHandler
    void on(RefundCompleted event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.refundCompleted(order, event));
    }

    @EventHandler
    void on(RefundFailed event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.refundFailed(order, event));
    }

    @EventHandler
    void on(OrderDisputed event, EventMessage<?> message, @SequenceNumber long sequence, ReplayStatus replay) {
        update(event.orderId(), message, sequence, replay, order -> AcpOrderDocument.disputed(order, event));
    }

    @ResetHandler
    void reset() {
        views.deleteAll();
    }

    private void update(String orderId, EventMessage<?> message, long sequence, ReplayStatus replay,
            Consumer<ObjectNode> change) {
        ObjectNode order = load(orderId);
        if (order == null) {
            return;
        }
        change.accept(order);
        Map<String, Pending> pending = pendingInTransaction();
        if (pending == null) {
            views.save(orderId, order.path("checkout_session_id").asText(), null, order, clock.instant());
        } else {
            pending.computeIfAbsent(orderId, id -> new Pending(order.path("checkout_session_id").asText(), null, order));
        }
        if (!replay.isReplay()) {
            outbox.enqueue(message.getIdentifier(), orderId, sequence, ORDER_UPDATE, order, clock.instant(),
                    traces.current());
        }
    }

    /** The order as this transaction left it so far, else as stored; null when there is none. */
    private ObjectNode load(String orderId) {
        Map<String, Pending> pending = pendingInTransaction();
        Pending known = pending == null ? null : pending.get(orderId);
        if (known != null) {
            return known.order();
        }
        ObjectNode stored = views.find(orderId).orElse(null);
        if (stored != null && pending != null) {
            pending.put(orderId, new Pending(stored.path("checkout_session_id").asText(), null, stored));
        }
        return stored;
    }

    /** A document this transaction changed, with what {@link OrderViewRepository#save} needs besides. */
    private record Pending(String sessionId, String paymentId, ObjectNode order) {}

    @SuppressWarnings("unchecked")
    private Map<String, Pending> pendingInTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Object existing = TransactionSynchronizationManager.getResource(pendingKey);
        if (existing != null) {
            return (Map<String, Pending>) existing;
        }
        Map<String, Pending> pending = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(pendingKey, pending);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                Instant now = clock.instant();
                pending.forEach((id, p) -> views.save(id, p.sessionId(), p.paymentId(), p.order(), now));
                pending.clear();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(pendingKey);
            }
        });
        return pending;
    }
}
