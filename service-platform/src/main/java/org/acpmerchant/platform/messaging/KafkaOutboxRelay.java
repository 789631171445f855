package org.acpmerchant.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The event log is the outbox: a streaming processor over this service's own event store sends every integration
 * event the service owns to its Kafka topic, keyed by session id. The token advances only after the broker
 * acknowledged the whole batch, so delivery is at-least-once; the Axon event id travels as the message id for
 * deduplication. Events of one session stay in one segment, so they reach the topic in the order they were stored.
 */
@ProcessingGroup(KafkaOutboxRelay.PROCESSING_GROUP)
public class KafkaOutboxRelay {

    public static final String PROCESSING_GROUP = "kafka-outbox";

    /** One session's events in one segment, in order: the Kafka key, else the aggregate. */
    public static final SequencingPolicy<EventMessage<?>> BY_KAFKA_KEY = message -> {
        if (message.getPayload() instanceof IntegrationEvent event && event.sessionId() != null) {
            return event.sessionId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(message);
    };

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
        record.headers().add(IntegrationEventReceiver.TYPE_HEADER, type.wireName().getBytes(StandardCharsets.UTF_8));
        pendingSends().add(kafka.send(record));
    }

    /**
     * The sends of the batch being processed. They go out without waiting for each other; the batch's unit of work
     * waits for every acknowledgement before it commits the processor's token, so a failed send rolls the batch back
     * and it is sent again (at-least-once, as before), but one batch costs one round trip instead of one per event.
     */
    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            root.onPrepareCommit(u -> awaitAll(sends));
            return sends;
        });
    }

    private void awaitAll(List<CompletableFuture<?>> sends) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
        try {
            for (CompletableFuture<?> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge the batch; it will be sent again", e);
        }
    }

    private static final String PENDING_SENDS = KafkaOutboxRelay.class.getName() + ".pendingSends";
}
