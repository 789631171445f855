package org.acpmerchant.platform.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Port: this service's stored events, as ops read them. Payloads and metadata are already redacted. */
public interface StoredEvents {

    /** The events of one aggregate, in global order, at most {@code limit}. */
    List<StoredEvent> byAggregate(String aggregateId, int limit);

    /**
     * The events belonging to a checkout session, in global order, at most {@code limit}: those of the aggregate
     * named by the session id, and those whose metadata or payload carries {@code sessionId}.
     */
    List<StoredEvent> bySession(String sessionId, int limit);

    /** One stored event; {@code metadata} holds the audit keys and {@code correlationId}/{@code causationId}. */
    record StoredEvent(long globalIndex, String eventId, String type, String payloadType, String aggregateId,
            long sequence, String timestamp, JsonNode payload, JsonNode metadata) {}
}
