package org.acpmerchant.orders.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.StoredEvents;

/** {@link AuditSource} over order-service's own event store, used when no URL is configured for {@code orders}. */
public class LocalAuditSource implements AuditSource {

    private final String name;
    private final StoredEvents events;

    public LocalAuditSource(String name, StoredEvents events) {
        this.name = name;
        this.events = events;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<JsonNode> eventsOfSession(String sessionId, String authorization) {
        return events.bySession(sessionId, 10_000).stream().map(LocalAuditSource::json).toList();
    }

    private static JsonNode json(StoredEvents.StoredEvent event) {
        ObjectNode node = AcpOrderDocument.JSON.createObjectNode();
        node.put("global_index", event.globalIndex());
        node.put("event_id", event.eventId());
        node.put("type", event.type());
        node.put("aggregate_id", event.aggregateId());
        node.put("sequence", event.sequence());
        node.put("timestamp", event.timestamp());
        node.set("metadata", event.metadata());
        node.set("payload", event.payload());
        return node;
    }
}
