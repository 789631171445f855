package org.acpmerchant.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The event log is the outbox: a tracking processor over this service's own event store sends every integration
 * event the service owns to its Kafka topic, keyed by session id. The token advances only after the broker
 * acknowledged, so delivery is at-least-once; the Axon event id travels as the message id for deduplication.
 */
@ProcessingGroup(KafkaOutboxRelay.PROCESSING_GROUP)
public class KafkaOutboxRelay {

    public static final String PROCESSING_GROUP = "kafka-outbox";

    private final KafkaTemplate<String, String> kafka;
    private final IntegrationMessageCodec codec;
    private final Set<String> ownedTopics;
    private final long sendTimeoutMillis;

    public KafkaOutboxRelay(
            KafkaTemplate<String, String> kafka,
            IntegrationMessageCodec codec,
            Set<String> ownedTopics,
            long sendTimeoutMillis) {
        this.kafka = kafka;
        this.codec = codec;
        this.ownedTopics = Set.copyOf(ownedTopics);
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    @EventHandler
    public void on(IntegrationEvent event, EventMessage<?> message) throws Exception {
        EventTypes type = EventTypes.of(event.getClass())
                .orElseThrow(() -> new IllegalStateException("no wire name for " + event.getClass()));
        if (!ownedTopics.contains(type.topic())) {
            return;
        }
        Object correlation = message.getMetaData().get("correlationId");
        Map<String, String> audit = new LinkedHashMap<>();
        for (String key : AuditMetadata.KEYS) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                audit.put(key, value.toString());
            }
        }
        audit.putIfAbsent(AuditMetadata.SESSION_ID, event.sessionId());
        String encoded = codec.encode(new IntegrationMessage(
                message.getIdentifier(),
                type,
                event,
                message.getTimestamp(),
                correlation == null ? event.sessionId() : correlation.toString(),
                message.getIdentifier(),
                audit));
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), event.sessionId(), encoded);
        record.headers().add("message-id", message.getIdentifier().getBytes(StandardCharsets.UTF_8));
        record.headers().add("type", type.wireName().getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get(sendTimeoutMillis, TimeUnit.MILLISECONDS);
    }
}
