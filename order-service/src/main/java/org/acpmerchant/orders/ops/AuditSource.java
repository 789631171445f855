package org.acpmerchant.orders.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Port: one service's stored events for a checkout session, as its {@code GET /ops/events} returns them. */
public interface AuditSource {

    /** The service's short name in the timeline ({@code checkout}, {@code pricing}, {@code payment}, {@code orders}). */
    String name();

    /**
     * The service's events for {@code sessionId}, each {@code {event_id, type, aggregate_id, sequence, timestamp,
     * metadata, payload, …}}. {@code authorization} is the caller's ops credential, passed on. Throws when the service
     * cannot answer.
     */
    List<JsonNode> eventsOfSession(String sessionId, String authorization) throws Exception;
}
