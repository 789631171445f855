package org.acpmerchant.platform.messaging;

import java.util.List;

/**
 * Metadata keys that say who caused an event and through which request. Set on a command at the edge (HTTP API,
 * ops API), copied by Axon onto every event the command causes (a {@code SimpleCorrelationDataProvider}), carried on
 * Kafka in the envelope's {@code audit} object, and set again on the consumer's command: so every service's events
 * answer "who, when, which request" for audits.
 */
public final class AuditMetadata {

    /** The authenticated principal: {@code agent:<id>}, {@code merchant:<id>}, {@code ops:<id>} or {@code system}. */
    public static final String ACTOR = "actor";
    /** The {@code Request-Id} of the HTTP request that started it, when the caller sent one. */
    public static final String REQUEST_ID = "requestId";
    /** The checkout session the work belongs to. */
    public static final String SESSION_ID = "sessionId";

    public static final List<String> KEYS = List.of(ACTOR, REQUEST_ID, SESSION_ID);

    private AuditMetadata() {}
}
