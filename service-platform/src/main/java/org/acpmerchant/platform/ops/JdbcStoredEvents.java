package org.acpmerchant.platform.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link StoredEvents} over the JDBC event store ({@code domain_event_entry}). The session lookup probes the
 * expression index on {@code acp_event_session(meta_data, payload)} (db/axon R__event_session_index.sql) and the
 * aggregate id index. Integration events are named by their wire name ({@code payment.PaymentAuthorized}), private
 * ones by their simple class name.
 */
public class JdbcStoredEvents implements StoredEvents {

    private static final String COLUMNS = """
            select global_index, event_identifier, aggregate_identifier, sequence_number, time_stamp, payload_type,
                   payload, meta_data from domain_event_entry""";
    private static final Map<String, String> WIRE_NAMES = Stream.of(EventTypes.values())
            .collect(Collectors.toUnmodifiableMap(t -> t.type().getName(), EventTypes::wireName));
    private static final Function<String, String> SIMPLE_NAME =
            name -> name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = AxonJson.newObjectMapper();

    public JdbcStoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StoredEvent> byAggregate(String aggregateId, int limit) {
        return jdbc.query(COLUMNS + " where aggregate_identifier = ? order by global_index limit ?",
                this::row, aggregateId, limit);
    }

    @Override
    public List<StoredEvent> bySession(String sessionId, int limit) {
        return jdbc.query(COLUMNS + " " + """
                where aggregate_identifier = ? or acp_event_session(meta_data, payload) = ?
                order by global_index limit ?""",
                this::row, sessionId, sessionId, limit);
    }

    private StoredEvent row(ResultSet rs, int i) throws SQLException {
        String payloadType = rs.getString(6);
        return new StoredEvent(rs.getLong(1), rs.getString(2),
                WIRE_NAMES.getOrDefault(payloadType, SIMPLE_NAME.apply(payloadType)), payloadType, rs.getString(3),
                rs.getLong(4), rs.getString(5), OpsRedaction.redact(read(rs.getBytes(7))),
                OpsRedaction.redact(read(rs.getBytes(8))));
    }

    private JsonNode read(byte[] bytes) {
        if (bytes == null) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
