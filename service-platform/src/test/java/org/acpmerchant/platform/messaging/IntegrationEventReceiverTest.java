package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * A Kafka step's log lines name its session, message, and the payment or order its event names; a record of a type the
 * consumer does not act on is skipped by its type header, undecoded.
 */
class IntegrationEventReceiverTest {

    @Test
    void theStepRunsWithTheEventsIdsInTheMdc_andLeavesNoneBehind() {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), command -> {
            seen.set(new HashMap<>(MDC.getCopyOfContextMap()));
            return null;
        });
        IntegrationMessageCodec codec = new IntegrationMessageCodec();
        String value = codec.encode(new IntegrationMessage("msg_1", EventTypes.PAYMENT_AUTHORIZED,
                new PaymentAuthorized("pay_1", "cs_1", "att_1", 1500, "usd", "pi_1", Instant.EPOCH),
                Instant.EPOCH, "cs_1", "msg_0"));

        new IntegrationEventReceiver(codec, DefaultCommandGateway.builder().commandBus(bus).build())
                .receive("test", value, message -> "command");

        assertThat(seen.get()).containsEntry("session_id", "cs_1").containsEntry("message_id", "msg_1")
                .containsEntry("payment_id", "pay_1").doesNotContainKey("order_id");
        assertThat(MDC.getCopyOfContextMap() == null ? Map.of() : MDC.getCopyOfContextMap()).isEmpty();
    }

    private static final String PAYMENT_AUTHORIZED = new IntegrationMessageCodec().encode(new IntegrationMessage("msg_1",
            EventTypes.PAYMENT_AUTHORIZED, new PaymentAuthorized("pay_1", "cs_1", "att_1", 1500, "usd", "pi_1",
                    Instant.EPOCH), Instant.EPOCH, "cs_1", "msg_0"));

    private static List<Object> sent(ConsumerRecord<String, String> record, EventHandlers handlers) {
        List<Object> commands = new ArrayList<>();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), command -> {
            commands.add(command.getPayload());
            return null;
        });
        new IntegrationEventReceiver(new IntegrationMessageCodec(), DefaultCommandGateway.builder().commandBus(bus)
                .build()).receive("test", record, handlers);
        return commands;
    }

    private static ConsumerRecord<String, String> record(String value, String type) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("payment-events", 0, 0, "cs_1", value);
        if (type != null) {
            record.headers().add(IntegrationEventReceiver.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Every type but the one a consumer acts on is skipped before decoding: a body that is not JSON shows it. */
    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void aRecordOfATypeTheConsumerDoesNotActOnIsNeitherDecodedNorSent(EventTypes type) {
        EventHandlers handlers = EventHandlers.builder()
                .on(PaymentAuthorized.class, e -> "authorized " + e.paymentId())
                .build();
        if (type == EventTypes.PAYMENT_AUTHORIZED) {
            assertThat(sent(record(PAYMENT_AUTHORIZED, type.wireName()), handlers)).containsExactly("authorized pay_1");
            assertThatThrownBy(() -> sent(record("not json", type.wireName()), handlers))
                    .isInstanceOf(IntegrationMessageCodec.MalformedIntegrationMessageException.class);
        } else {
            assertThat(sent(record("not json", type.wireName()), handlers)).isEmpty();
        }
    }

    @Test
    void aRecordWithoutATypeHeaderIsDecoded_andAHandlerMayStillDecline() {
        assertThat(sent(record(PAYMENT_AUTHORIZED, null),
                EventHandlers.builder().on(PaymentAuthorized.class, e -> "authorized").build()))
                .containsExactly("authorized");
        assertThat(sent(record(PAYMENT_AUTHORIZED, null),
                EventHandlers.builder().on(PaymentAuthorized.class, e -> null).build())).isEmpty();
        assertThatThrownBy(() -> sent(record("not json", null), EventHandlers.builder().build()))
                .isInstanceOf(IntegrationMessageCodec.MalformedIntegrationMessageException.class);
    }

    @Test
    void aTableRefusesATypeWithoutAWireNameAndASecondHandlerForAType() {
        assertThatThrownBy(() -> EventHandlers.builder().on(String.class, s -> s))
                .hasMessageContaining("not an integration event type");
        assertThatThrownBy(() -> EventHandlers.builder().on(PaymentAuthorized.class, e -> 1)
                .on(PaymentAuthorized.class, e -> 2)).hasMessageContaining("two handlers");
    }
}
