package org.acpmerchant.platform.ops;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Puts {@code correlationId} and {@code causationId} on every message a message causes, so audits link events across
 * services. The correlation is copied when present. The causation is the id of the event that caused the work: an
 * event causes with its own id; a command passes on the causation it carries (a Kafka-driven command carries the
 * upstream event's id, a saga's command the id of the event it reacted to), and an edge command causes with its id.
 */
public class OpsCorrelation implements CorrelationDataProvider {

    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        Object correlation = message.getMetaData().get(CORRELATION_ID);
        if (correlation != null) {
            data.put(CORRELATION_ID, correlation);
        }
        Object causation = message instanceof CommandMessage<?> ? message.getMetaData().get(CAUSATION_ID) : null;
        data.put(CAUSATION_ID, causation != null ? causation : message.getIdentifier());
        return data;
    }
}
