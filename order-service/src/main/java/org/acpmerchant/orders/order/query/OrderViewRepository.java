package org.acpmerchant.orders.order.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code order_view} table: one ACP Order document per order. */
public class OrderViewRepository {

    private final JdbcTemplate jdbc;

    public OrderViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces the document; a null {@code paymentId} keeps the stored one. */
    public void save(String orderId, String sessionId, String paymentId, ObjectNode order, Instant now) {
        jdbc.update("""
                insert into order_view (order_id, session_id, payment_id, status, document, updated_at)
                values (?, ?, ?, ?, ?::json, ?)
                on conflict (order_id) do update set status = excluded.status, document = excluded.document,
                    payment_id = coalesce(excluded.payment_id, order_view.payment_id), updated_at = excluded.updated_at""",
                orderId, sessionId, paymentId, order.path("status").asText(), write(order), Timestamp.from(now));
    }

    public Optional<ObjectNode> find(String orderId) {
        return jdbc.queryForList("select document::text from order_view where order_id = ?", String.class, orderId)
                .stream().findFirst().map(OrderViewRepository::read);
    }

    public Optional<ObjectNode> findByPayment(String paymentId) {
        return jdbc.queryForList("select document::text from order_view where payment_id = ?", String.class, paymentId)
                .stream().findFirst().map(OrderViewRepository::read);
    }

    public void deleteAll() {
        jdbc.update("delete from order_view");
    }

    static String write(ObjectNode order) {
        try {
            return AcpOrderDocument.JSON.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode read(String json) {
        try {
            return (ObjectNode) AcpOrderDocument.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
