package org.acpmerchant.events;

/**
 * An event one service publishes for the others. Every implementation is an immutable record carrying a revision
 * ({@code @Revision}); its wire name comes from {@link EventTypes}, never from the Java class name.
 */
public interface IntegrationEvent {

    /** The id of the checkout session the event belongs to; the Kafka key, so one session's messages stay in order. */
    String sessionId();
}
