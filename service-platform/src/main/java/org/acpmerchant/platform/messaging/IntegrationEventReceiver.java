package org.acpmerchant.platform.messaging;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.acpmerchant.events.EventTypes;

/**
 * Turns a Kafka message into at most one command of this service. The command carries the inbox metadata, so a
 * redelivered message changes nothing ({@link InboxCommandInterceptor}); an exception leaves the offset uncommitted
 * and the container retries.
 */
public class IntegrationEventReceiver {

    private static final Logger log = LoggerFactory.getLogger(IntegrationEventReceiver.class);

    private final IntegrationMessageCodec codec;
    private final CommandGateway commandGateway;

    public IntegrationEventReceiver(IntegrationMessageCodec codec, CommandGateway commandGateway) {
        this.codec = codec;
        this.commandGateway = commandGateway;
    }

    /** The header naming a record's event type ({@link EventTypes#wireName()}), set by {@link KafkaOutboxRelay}. */
    public static final String TYPE_HEADER = "type";

    /**
     * A record of a type {@code handlers} does not act on is skipped by its {@link #TYPE_HEADER}, without being
     * decoded (most records on a topic are for another consumer); one without the header is decoded as before.
     */
    public void receive(String consumer, ConsumerRecord<String, String> record, EventHandlers handlers) {
        Header type = record.headers().lastHeader(TYPE_HEADER);
        if (type != null && !handlers.actsOn(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        receive(consumer, record.value(), message -> handlers.toCommand(message.event()));
    }

    public void receive(String consumer, String value, Function<IntegrationMessage, Object> toCommand) {
        var decoded = codec.decode(value);
        if (decoded.isEmpty()) {
            log.debug("{} skips a message of a type it does not know", consumer);
            return;
        }
        IntegrationMessage message = decoded.get();
        Object command = toCommand.apply(message);
        if (command == null) {
            return;
        }
        MetaData metaData = MetaData.from(message.audit())
                .and(InboxCommandInterceptor.CONSUMER, consumer)
                .and(InboxCommandInterceptor.MESSAGE_ID, message.messageId())
                .and("correlationId", message.correlationId() == null ? message.messageId() : message.correlationId())
                .and("causationId", message.messageId());
        // Every log line of this step names its session and message, and the order and payment where the event
        // names them (structured logs carry the MDC as fields).
        Map<String, String> ids = IDS.get(message.event().getClass()).apply(message.event());
        ids.forEach(MDC::put);
        try (var session = MDC.putCloseable("session_id",
                String.valueOf(message.event().sessionId()));
                var id = MDC.putCloseable("message_id", message.messageId())) {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } finally {
            ids.keySet().forEach(MDC::remove);
        }
    }

    /** Per event class: its {@code orderId} and {@code paymentId} record components, as MDC keys. */
    private static final ClassValue<Function<Object, Map<String, String>>> IDS = new ClassValue<>() {
        @Override
        protected Function<Object, Map<String, String>> computeValue(Class<?> type) {
            Map<String, RecordComponent> components = new LinkedHashMap<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (component.getName().equals("orderId")) {
                        components.put("order_id", component);
                    } else if (component.getName().equals("paymentId")) {
                        components.put("payment_id", component);
                    }
                }
            }
            if (components.isEmpty()) {
                return event -> Map.of();
            }
            return event -> {
                Map<String, String> ids = new LinkedHashMap<>();
                components.forEach((key, component) -> {
                    try {
                        Object value = component.getAccessor().invoke(event);
                        if (value != null) {
                            ids.put(key, value.toString());
                        }
                    } catch (ReflectiveOperationException e) {
                        // an accessor of a public record does not fail; if it did, the line simply lacks the id
                    }
                });
                return ids;
            };
        }
    };
}
