package org.acpmerchant.orders.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.acpmerchant.orders.OrderProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The webhook outbox table: deliveries enqueued by the order projection, claimed and settled by the dispatcher.
 * Every method runs in the caller's transaction.
 */
public class WebhookOutbox {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String PARKED = "parked";

    private final JdbcTemplate jdbc;
    private final List<OrderProperties.Endpoint> endpoints;

    public WebhookOutbox(JdbcTemplate jdbc, List<OrderProperties.Endpoint> endpoints) {
        this.jdbc = jdbc;
        this.endpoints = List.copyOf(endpoints);
    }

    /** A delivery as the dispatcher sees it. */
    public record Delivery(String id, String endpoint, String orderId, String eventType, String body, int attempts,
            Instant firstAttemptedAt, String traceParent) {}

    /**
     * One delivery per configured endpoint for this order event; an event already enqueued (a replay) adds nothing.
     * The delivery id, sent as {@code Request-Id}, is derived from event id and endpoint name. {@code traceParent} is
     * the trace the delivery continues when it is sent (null: none).
     */
    public void enqueue(String eventId, String orderId, long sequence, String eventType, JsonNode order, Instant now,
            String traceParent) {
        wakeDispatcherAfterCommit();
        for (OrderProperties.Endpoint endpoint : endpoints) {
            String id = "whd_" + UUID.nameUUIDFromBytes((eventId + "|" + endpoint.name()).getBytes(StandardCharsets.UTF_8));
            jdbc.update("""
                    insert into webhook_delivery (id, event_id, endpoint, order_id, sequence, event_type, body, status,
                        next_attempt_at, created_at, trace_parent)
                    values (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) on conflict do nothing""",
                    id, eventId, endpoint.name(), orderId, sequence, eventType,
                    WebhookPayloads.body(eventType, order, endpoint.apiVersion()), Timestamp.from(now),
                    Timestamp.from(now), traceParent);
        }
    }

    /** Who is told, once the enqueuing transaction has committed, that deliveries are waiting (the dispatcher). */
    public void onCommittedEnqueue(Runnable listener) {
        this.onCommittedEnqueue = listener;
    }

    private volatile Runnable onCommittedEnqueue = () -> {};

    private void wakeDispatcherAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    onCommittedEnqueue.run();
                }
            });
        } else {
            onCommittedEnqueue.run();
        }
    }

    /**
     * Locks the next due delivery that heads its (order, endpoint) queue: no earlier delivery of the same order to the
     * same endpoint is still pending or parked. Other instances skip the locked row.
     */
    public Optional<Delivery> lockNextDue(Instant now) {
        return jdbc.query("""
                select d.id, d.endpoint, d.order_id, d.event_type, d.body, d.attempts, d.first_attempted_at,
                       d.trace_parent
                from webhook_delivery d
                where d.status = 'pending' and d.next_attempt_at <= ?
                  and not exists (select 1 from webhook_delivery e
                                  where e.order_id = d.order_id and e.endpoint = d.endpoint
                                    and e.sequence < d.sequence and e.status <> 'delivered')
                order by d.next_attempt_at, d.sequence
                limit 1
                for update of d skip locked""",
                (rs, i) -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getString(8)),
                Timestamp.from(now)).stream().findFirst();
    }

    public void recordAttempt(Delivery delivery, Instant at, WebhookSender.Outcome outcome) {
        jdbc.update("""
                insert into webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
                values (?, ?, ?, ?, ?, ?)""",
                delivery.id(), delivery.attempts() + 1, Timestamp.from(at), outcome.statusCode(), outcome.error(),
                outcome.durationMillis());
    }

    public void markDelivered(Delivery delivery, Instant at, int statusCode) {
        jdbc.update("""
                update webhook_delivery set status = 'delivered', attempts = attempts + 1, delivered_at = ?,
                    first_attempted_at = coalesce(first_attempted_at, ?), last_status_code = ?, last_error = null
                where id = ?""",
                Timestamp.from(at), Timestamp.from(at), statusCode, delivery.id());
    }

    /** A failed attempt: retry at {@code nextAttemptAt}, or park when {@code nextAttemptAt} is null. */
    public void markFailed(Delivery delivery, Instant at, WebhookSender.Outcome outcome, Instant nextAttemptAt) {
        jdbc.update("""
                update webhook_delivery set status = ?, attempts = attempts + 1, next_attempt_at = coalesce(?, next_attempt_at),
                    first_attempted_at = coalesce(first_attempted_at, ?), last_status_code = ?, last_error = ?
                where id = ?""",
                nextAttemptAt == null ? PARKED : PENDING,
                nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), Timestamp.from(at),
                outcome.statusCode(), outcome.error(), delivery.id());
    }

    /** Ops: sends a parked delivery again, with a fresh horizon. True when the delivery was parked. */
    public boolean redeliver(String deliveryId, Instant now) {
        return jdbc.update("""
                update webhook_delivery set status = 'pending', next_attempt_at = ?, first_attempted_at = null
                where id = ? and status = 'parked'""",
                Timestamp.from(now), deliveryId) == 1;
    }

    /** Ops: the deliveries of one order, oldest first. */
    public List<DeliveryView> deliveriesOf(String orderId) {
        return jdbc.query("""
                select id, endpoint, event_type, status, attempts, last_status_code, last_error, created_at, delivered_at
                from webhook_delivery where order_id = ? order by endpoint, sequence""",
                (rs, i) -> new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), (Integer) rs.getObject(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()),
                orderId);
    }

    /** What ops see of a delivery. */
    public record DeliveryView(String id, String endpoint, String eventType, String status, int attempts,
            Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt) {}
}
