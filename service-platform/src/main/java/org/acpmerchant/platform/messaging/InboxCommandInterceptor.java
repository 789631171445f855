package org.acpmerchant.platform.messaging;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A command that carries {@link #CONSUMER} and {@link #MESSAGE_ID} metadata was caused by a Kafka message: it runs
 * only for the first delivery of that message, and the inbox row commits in the same transaction as its events.
 */
public class InboxCommandInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String CONSUMER = "inboxConsumer";
    public static final String MESSAGE_ID = "inboxMessageId";

    private final Inbox inbox;

    public InboxCommandInterceptor(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object consumer = command.getMetaData().get(CONSUMER);
        Object messageId = command.getMetaData().get(MESSAGE_ID);
        if (consumer != null && messageId != null
                && !inbox.firstDelivery(consumer.toString(), messageId.toString())) {
            return null;
        }
        return chain.proceed();
    }
}
