package org.acpmerchant.orders;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Integration events as another service would publish them: a new message id, the system as actor, keyed by session. */
final class TestMessages {

    private TestMessages() {}

    static void publish(KafkaTemplate<String, String> kafka, IntegrationMessageCodec codec, String topic,
            IntegrationEvent event) throws Exception {
        String id = UUID.randomUUID().toString();
        IntegrationMessage message = new IntegrationMessage(id, EventTypes.of(event.getClass()).orElseThrow(), event,
                Instant.now(), event.sessionId(), id, Map.of("actor", "system", "sessionId", event.sessionId()));
        kafka.send(new ProducerRecord<>(topic, event.sessionId(), codec.encode(message))).get();
    }
}
