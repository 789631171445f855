package org.acpmerchant.platform.messaging;

import java.time.Instant;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;

/**
 * An integration event as it travels on Kafka: the producer's Axon event id is the message id (stable across
 * re-sends, so consumers deduplicate on it), with the correlation of the request that caused it.
 */
public record IntegrationMessage(
        String messageId,
        EventTypes type,
        IntegrationEvent event,
        Instant occurredAt,
        String correlationId,
        String causationId) {}
