package org.acpmerchant.platform.messaging;

import java.time.Instant;
import java.util.Map;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;

/**
 * An integration event as it travels on Kafka: the producer's Axon event id is the message id (stable across
 * re-sends, so consumers deduplicate on it), with the correlation of the request that caused it and the audit
 * context ({@link AuditMetadata#KEYS}: who acted, through which request) that every service copies onto its own
 * events.
 */
public record IntegrationMessage(
        String messageId,
        EventTypes type,
        IntegrationEvent event,
        Instant occurredAt,
        String correlationId,
        String causationId,
        Map<String, String> audit) {

    public IntegrationMessage {
        audit = audit == null ? Map.of() : Map.copyOf(audit);
    }

    public IntegrationMessage(String messageId, EventTypes type, IntegrationEvent event, Instant occurredAt,
            String correlationId, String causationId) {
        this(messageId, type, event, occurredAt, correlationId, causationId, Map.of());
    }
}
