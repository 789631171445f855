package org.acpmerchant.platform.it;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.pricing.StockReleased;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

@SpringBootApplication
public class PlatformTestApplication {

    public record ReleaseThing(@TargetAggregateIdentifier String id, String sessionId) {}

    public record TouchThing(@TargetAggregateIdentifier String id) {}

    public record ThingTouched(String id) {}

    @Aggregate
    public static class Thing {
        @AggregateIdentifier
        private String id;

        private int touches;

        protected Thing() {}

        @CommandHandler
        public Thing(ReleaseThing command) {
            apply(new StockReleased(command.id(), command.sessionId(), "test", Instant.now()));
        }

        @CommandHandler
        public void handle(TouchThing command) {
            apply(new ThingTouched(command.id()));
        }

        @EventSourcingHandler
        void on(StockReleased event) {
            this.id = event.reservationId();
        }

        @EventSourcingHandler
        void on(ThingTouched event) {
            touches++;
        }
    }

    /** Consumes its own topic to show inbox deduplication: every message touches the aggregate once. */
    public static class Listener {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final IntegrationEventReceiver receiver;

        Listener(IntegrationEventReceiver receiver) {
            this.receiver = receiver;
        }

        @KafkaListener(topics = Topics.PRICING_EVENTS, groupId = "platform-it")
        void on(String value) {
            receiver.receive("platform-it", value, message -> {
                received.add(message.messageId());
                StockReleased event = (StockReleased) message.event();
                return new TouchThing(event.reservationId());
            });
        }
    }

    @Bean
    Listener listener(IntegrationEventReceiver receiver) {
        return new Listener(receiver);
    }
}
