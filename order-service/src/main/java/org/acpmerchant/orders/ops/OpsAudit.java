package org.acpmerchant.orders.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.OpsRedaction;
import org.acpmerchant.platform.ops.StoredEvents;

/**
 * One checkout's audit trail across services: every source's events for the session, merged into one timeline
 * ordered by timestamp, each entry naming its service, actor, request, correlation and causation. A source that
 * cannot answer is reported, not fatal. Payment tokens are redacted again here, whatever a source sent.
 */
public class OpsAudit {

    /** The timeline, and per source {@code ok} with a count or the error. */
    public record Timeline(String sessionId, List<ObjectNode> entries, Map<String, String> sources) {}

    public static final List<String> COLUMNS = List.of("timestamp", "service", "type", "aggregate_id", "sequence",
            "actor", "request_id", "correlation_id", "causation_id", "event_id", "payload");

    private final List<AuditSource> sources;
    private final StoredEvents local;

    public OpsAudit(List<AuditSource> sources, StoredEvents local) {
        this.sources = List.copyOf(sources);
        this.local = local;
    }

    /** The sessions an order belongs to, from its own events (normally exactly one). */
    public Set<String> sessionsOfOrder(String orderId) {
        Set<String> sessions = new LinkedHashSet<>();
        for (StoredEvents.StoredEvent event : local.byAggregate(orderId, 10_000)) {
            String fromPayload = event.payload().path("sessionId").asText(null);
            String fromMetadata = event.metadata().path("sessionId").asText(null);
            if (fromPayload != null) {
                sessions.add(fromPayload);
            } else if (fromMetadata != null) {
                sessions.add(fromMetadata);
            }
        }
        return sessions;
    }

    public Timeline timeline(String sessionId, String authorization) {
        List<ObjectNode> entries = new ArrayList<>();
        Map<String, String> status = new LinkedHashMap<>();
        for (AuditSource source : sources) {
            try {
                List<JsonNode> events = source.eventsOfSession(sessionId, authorization);
                events.forEach(e -> entries.add(entry(source.name(), e)));
                status.put(source.name(), "ok (" + events.size() + " events)");
            } catch (Exception e) {
                status.put(source.name(), "error: " + e.getMessage());
            }
        }
        entries.sort(Comparator.comparing((ObjectNode e) -> Instant.parse(e.path("timestamp").asText()))
                .thenComparing(e -> e.path("service").asText())
                .thenComparingLong(e -> e.path("global_index").asLong()));
        return new Timeline(sessionId, entries, status);
    }

    private static ObjectNode entry(String service, JsonNode event) {
        JsonNode metadata = event.path("metadata");
        ObjectNode entry = AcpOrderDocument.JSON.createObjectNode();
        entry.put("timestamp", event.path("timestamp").asText());
        entry.put("service", service);
        entry.put("type", event.path("type").asText());
        entry.put("aggregate_id", event.path("aggregate_id").asText());
        entry.put("sequence", event.path("sequence").asLong());
        entry.put("actor", text(metadata, "actor"));
        entry.put("request_id", text(metadata, "requestId"));
        entry.put("correlation_id", text(metadata, "correlationId"));
        entry.put("causation_id", text(metadata, "causationId"));
        entry.put("event_id", event.path("event_id").asText());
        entry.put("global_index", event.path("global_index").asLong());
        entry.set("payload", OpsRedaction.redact(event.path("payload").deepCopy()));
        return entry;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** One CSV line per entry (RFC 4180 quoting), the payload as compact JSON. */
    public static String csv(Timeline timeline) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (ObjectNode entry : timeline.entries()) {
            List<String> cells = new ArrayList<>();
            for (String column : COLUMNS) {
                JsonNode value = entry.get(column);
                cells.add(quote(value == null || value.isNull() ? "" : value.isContainerNode() ? value.toString() : value.asText()));
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    /** One JSON object per line. */
    public static String jsonl(Timeline timeline) {
        StringBuilder out = new StringBuilder();
        timeline.entries().forEach(e -> out.append(e.toString()).append('\n'));
        return out.toString();
    }

    /**
     * RFC 4180 quoting; a cell that a spreadsheet would read as a formula ({@code = + - @}, or a tab/CR first) is
     * prefixed with {@code '} (OWASP's CSV-injection rule; plain numbers stay numbers): request ids and buyer text
     * come from agents.
     */
    private static String quote(String raw) {
        boolean formula = !raw.isEmpty() && "=+-@\t\r".indexOf(raw.charAt(0)) >= 0 && !raw.matches("-?\\d+(\\.\\d+)?");
        String cell = formula ? "'" + raw : raw;
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
                ? "\"" + cell.replace("\"", "\"\"") + "\""
                : cell;
    }
}
