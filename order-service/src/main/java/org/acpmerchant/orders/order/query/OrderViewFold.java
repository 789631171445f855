package org.acpmerchant.orders.order.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;

/**
 * What each order event does to the ACP Order document, in one place for the live projection
 * ({@link OrderWebhookProjection}) and its rebuild ({@link OrderViewRebuild}). {@code OrderPlaced} creates the
 * document; the events below change an existing one; {@code OrderCreated} changes nothing (it only sends).
 */
public final class OrderViewFold {

    /** Every event type that creates or changes the document. */
    static final List<Class<?>> EVENTS = List.of(OrderPlaced.class, OrderConfirmed.class, OrderHeldForReview.class,
            FulfillmentCreated.class, LineItemsCanceled.class, ItemsReturned.class, OrderFulfillmentUpdated.class,
            OrderCanceled.class, RefundRequested.class, RefundCompleted.class, RefundFailed.class, OrderDisputed.class);

    private OrderViewFold() {}

    /** What an event does to an existing order's document. */
    record Change(String orderId, Consumer<ObjectNode> apply) {}

    /** The order a document-creating or -changing event belongs to, or null for any other event. */
    static String orderId(Object event) {
        if (event instanceof OrderPlaced e) {
            return e.orderId();
        }
        Change change = change(event);
        return change == null ? null : change.orderId();
    }

    /** The change an event makes to an existing document, or null when it makes none. */
    static Change change(Object event) {
        if (event instanceof OrderConfirmed e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.confirmed(order, e));
        } else if (event instanceof OrderHeldForReview e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.heldForReview(order, e));
        } else if (event instanceof FulfillmentCreated e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.fulfillmentCreated(order, e));
        } else if (event instanceof LineItemsCanceled e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.lineItemsCanceled(order, e));
        } else if (event instanceof ItemsReturned e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.itemsReturned(order, e));
        } else if (event instanceof OrderFulfillmentUpdated e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.fulfillmentUpdated(order, e));
        } else if (event instanceof OrderCanceled e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.canceled(order, e));
        } else if (event instanceof RefundRequested e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.refundRequested(order, e));
        } else if (event instanceof RefundCompleted e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.refundCompleted(order, e));
        } else if (event instanceof RefundFailed e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.refundFailed(order, e));
        } else if (event instanceof OrderDisputed e) {
            return new Change(e.orderId(), order -> AcpOrderDocument.disputed(order, e));
        }
        return null;
    }
}
