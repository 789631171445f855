package org.acpmerchant.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class BoundedConsumerCloseTest {

    /** What the wrapped consumer was asked: each call's method name and arguments. */
    final List<Object[]> calls = new ArrayList<>();

    @SuppressWarnings("unchecked")
    final Consumer<String, String> recording = (Consumer<String, String>) Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                calls.add(new Object[] {method.getName(), args == null ? new Object[0] : args});
                if (method.getName().equals("wakeup")) {
                    throw new WakeupException();
                }
                return method.getName().equals("assignment") ? Set.of(new TopicPartition("t", 1)) : null;
            });

    @Test
    void plainClose_becomesACloseBoundedByTheTimeout() {
        BoundedConsumerClose.wrap(recording, Duration.ofMillis(750)).close();

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)[0]).isEqualTo("close");
        Object[] args = (Object[]) calls.get(0)[1];
        assertThat(args).hasSize(1);
        assertThat(((CloseOptions) args[0]).timeout()).contains(Duration.ofMillis(750));
    }

    @Test
    void aCloseWithItsOwnOptions_andEveryOtherCall_reachTheConsumerUnchanged() {
        Consumer<String, String> consumer = BoundedConsumerClose.wrap(recording, Duration.ofSeconds(1));
        CloseOptions own = CloseOptions.timeout(Duration.ofSeconds(9));

        assertThat(consumer.assignment()).containsExactly(new TopicPartition("t", 1));
        consumer.close(own);

        assertThat(calls).extracting(c -> c[0]).containsExactly("assignment", "close");
        assertThat(((Object[]) calls.get(1)[1])[0]).isSameAs(own);
    }

    @Test
    void theConsumersOwnExceptions_areThrownAsThemselves() {
        Consumer<String, String> consumer = BoundedConsumerClose.wrap(recording, Duration.ofSeconds(1));

        assertThatThrownBy(consumer::wakeup).isExactlyInstanceOf(WakeupException.class);
    }
}
