package org.acpmerchant.orders.order.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.acpmerchant.platform.ops.rebuild.RebuildableProjection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code order_view} as a {@link RebuildableProjection}: the same fold as {@link OrderWebhookProjection}, sending nothing. */
public class OrderViewRebuild implements RebuildableProjection<OrderViewRebuild.Row> {

    /** One order_view row; {@code updatedAt} is the time of the last event that changed it. */
    public record Row(String sessionId, String paymentId, ObjectNode document, Instant updatedAt) {}

    private static final Set<String> PAYLOAD_TYPES = OrderViewFold.EVENTS.stream().map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String processor() {
        return OrderWebhookProjection.PROCESSING_GROUP;
    }

    @Override
    public String table() {
        return "order_view";
    }

    @Override
    public String keyColumn() {
        return "order_id";
    }

    @Override
    public List<String> comparedColumns() {
        return List.of("status", "session_id", "payment_id", "document::jsonb");
    }

    @Override
    public String documentColumn() {
        return "document";
    }

    @Override
    public Set<String> payloadTypes() {
        return PAYLOAD_TYPES;
    }

    @Override
    public String key(Object event) {
        return OrderViewFold.orderId(event);
    }

    @Override
    public Row apply(Row current, Object event, Instant at) {
        if (event instanceof OrderPlaced placed) {
            // The live upsert keeps a stored session id and payment id when the document is replaced.
            return new Row(current == null ? placed.sessionId() : current.sessionId(),
                    placed.paymentId() != null || current == null ? placed.paymentId() : current.paymentId(),
                    AcpOrderDocument.placed(placed), at);
        }
        OrderViewFold.Change change = OrderViewFold.change(event);
        if (current == null || change == null) {
            return current;
        }
        change.apply().accept(current.document());
        return new Row(current.sessionId(), current.paymentId(), current.document(), at);
    }

    @Override
    public void write(JdbcTemplate jdbc, String table, Map<String, Row> rows) {
        List<Map.Entry<String, Row>> batch = new ArrayList<>(rows.entrySet());
        jdbc.batchUpdate("insert into " + table + " (order_id, session_id, payment_id, status, document, updated_at)"
                + " values (?, ?, ?, ?, ?::json, ?) on conflict (order_id) do update set session_id = excluded.session_id,"
                + " payment_id = excluded.payment_id, status = excluded.status, document = excluded.document,"
                + " updated_at = excluded.updated_at", new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        Map.Entry<String, Row> e = batch.get(i);
                        Row row = e.getValue();
                        ps.setString(1, e.getKey());
                        ps.setString(2, row.sessionId());
                        ps.setString(3, row.paymentId());
                        ps.setString(4, row.document().path("status").asText());
                        ps.setString(5, OrderViewRepository.write(row.document()));
                        ps.setTimestamp(6, Timestamp.from(row.updatedAt()));
                    }

                    @Override
                    public int getBatchSize() {
                        return batch.size();
                    }
                });
    }

    @Override
    public Row read(JdbcTemplate jdbc, String table, String key) {
        return jdbc.query("select session_id, payment_id, document::text, updated_at from " + table
                + " where order_id = ?", rs -> rs.next() ? new Row(rs.getString(1), rs.getString(2),
                        OrderViewRepository.read(rs.getString(3)), rs.getTimestamp(4).toInstant()) : null, key);
    }
}
