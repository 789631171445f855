package org.acpmerchant.platform.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acpmerchant.events.EventTypes;

/**
 * What a consumer does with each integration event type it acts on: a command, or {@code null} to leave that message
 * alone. The types it acts on are the table's keys, so {@link IntegrationEventReceiver} skips a record of any other
 * type by its {@code type} header, before decoding it (ADR 0039).
 */
public final class EventHandlers {

    private final Map<Class<?>, Function<Object, Object>> byType;
    private final Set<String> wireNames;

    private EventHandlers(Map<Class<?>, Function<Object, Object>> byType) {
        this.byType = Map.copyOf(byType);
        this.wireNames = byType.keySet().stream()
                .map(type -> EventTypes.of(type).orElseThrow().wireName())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a message whose type header is {@code wireName} may turn into a command. */
    public boolean actsOn(String wireName) {
        return wireNames.contains(wireName);
    }

    /** The command for {@code event}, or {@code null}. */
    public Object toCommand(Object event) {
        Function<Object, Object> handler = byType.get(event.getClass());
        return handler == null ? null : handler.apply(event);
    }

    public static final class Builder {
        private final Map<Class<?>, Function<Object, Object>> byType = new LinkedHashMap<>();

        private Builder() {}

        public <E> Builder on(Class<E> type, Function<? super E, Object> toCommand) {
            if (EventTypes.of(type).isEmpty()) {
                throw new IllegalArgumentException(type.getName() + " is not an integration event type");
            }
            if (byType.putIfAbsent(type, event -> toCommand.apply(type.cast(event))) != null) {
                throw new IllegalArgumentException(type.getName() + " has two handlers");
            }
            return this;
        }

        public EventHandlers build() {
            return new EventHandlers(byType);
        }
    }
}
