package org.acpmerchant.platform.messaging;

import java.util.function.Function;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
        // Every log line of this step names its session and message (structured logs carry the MDC as fields).
        try (var session = MDC.putCloseable("session_id",
                String.valueOf(message.event().sessionId()));
                var id = MDC.putCloseable("message_id", message.messageId())) {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        }
    }
}
