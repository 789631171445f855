package org.acpmerchant.platform.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/events?session_id=…} or {@code ?aggregate_id=…}: this service's stored events, in global order, with
 * the audit metadata (actor, request id, correlation and causation ids). Tokens are redacted.
 */
@RestController
public class OpsEventsController {

    static final List<String> METADATA_KEYS = List.of(AuditMetadata.ACTOR, AuditMetadata.REQUEST_ID,
            AuditMetadata.SESSION_ID, OpsCorrelation.CORRELATION_ID, OpsCorrelation.CAUSATION_ID, "traceparent");

    private static final ObjectMapper JSON = AxonJson.newObjectMapper();

    private final StoredEvents events;
    private final String service;

    public OpsEventsController(StoredEvents events, String service) {
        this.events = events;
        this.service = service;
    }

    @GetMapping("/ops/events")
    public ResponseEntity<String> events(@RequestParam(name = "session_id", required = false) String sessionId,
            @RequestParam(name = "aggregate_id", required = false) String aggregateId,
            @RequestParam(name = "limit", defaultValue = "1000") int limit) {
        if ((sessionId == null) == (aggregateId == null)) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON).body(
                    "{\"type\":\"invalid_request\",\"code\":\"invalid_query\","
                            + "\"message\":\"Give exactly one of session_id and aggregate_id.\"}");
        }
        int bounded = Math.max(1, Math.min(limit, 10_000));
        List<StoredEvents.StoredEvent> found = sessionId != null
                ? events.bySession(sessionId, bounded)
                : events.byAggregate(aggregateId, bounded);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("events", found.stream().map(OpsEventsController::view).toList());
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> view(StoredEvents.StoredEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("global_index", event.globalIndex());
        view.put("event_id", event.eventId());
        view.put("type", event.type());
        view.put("aggregate_id", event.aggregateId());
        view.put("sequence", event.sequence());
        view.put("timestamp", event.timestamp());
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String key : METADATA_KEYS) {
            JsonNode value = event.metadata().get(key);
            metadata.put(key, value == null || value.isNull() ? null : value.asText());
        }
        view.put("metadata", metadata);
        view.put("payload", event.payload());
        return view;
    }
}
