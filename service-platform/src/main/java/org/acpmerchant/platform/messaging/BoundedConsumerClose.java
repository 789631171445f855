package org.acpmerchant.platform.messaging;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * A consumer whose plain {@code close()} gives up after {@code timeout} instead of Kafka's 30 s. By the time a listener
 * container closes its consumer it has committed its offsets and left the group (its {@code unsubscribe}); what close
 * still waits for is the fetch session's close request, queued at the broker behind the fetch in flight, which waits
 * up to {@code fetch.max.wait.ms} (5 s here, ADR 0036) for a record. Every service stopped 4 to 5 s later than it
 * needed to, on every redeploy and in every test that stops a service (ADR 0037).
 */
public final class BoundedConsumerClose {

    private BoundedConsumerClose() {
    }

    @SuppressWarnings("unchecked")
    public static <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer, Duration timeout) {
        return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        consumer.close(CloseOptions.timeout(timeout));
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "BoundedConsumerClose[" + consumer + "]";
                        };
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
