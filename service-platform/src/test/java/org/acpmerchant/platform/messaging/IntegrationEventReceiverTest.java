package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.payment.PaymentAuthorized;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A Kafka step's log lines name its session, message, and the payment or order its event names. */
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
}
