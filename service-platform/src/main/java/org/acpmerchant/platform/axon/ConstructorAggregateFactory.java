package org.acpmerchant.platform.axon;

import java.lang.reflect.Constructor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.IncompatibleAggregateException;

/**
 * Makes an aggregate by its no-argument constructor at each load from the store, or takes it from the snapshot that
 * starts its stream (ADR 0063). Axon's Spring default made each one as a prototype bean, running every bean
 * post-processor of the context at every load; the aggregates take nothing from the context but their handlers'
 * parameters, which Axon resolves from the context either way. {@link ConstructorAggregateFactories} registers one
 * per aggregate.
 */
public final class ConstructorAggregateFactory<T> implements AggregateFactory<T> {

    private final Class<T> type;
    private final Constructor<T> constructor;

    public ConstructorAggregateFactory(Class<T> type) {
        this.type = type;
        try {
            this.constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no constructor without arguments", e);
        }
        constructor.setAccessible(true);
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (firstEvent != null && type.equals(firstEvent.getPayloadType())) {
            return type.cast(firstEvent.getPayload());
        }
        try {
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IncompatibleAggregateException(
                    "could not make a " + type.getName() + " for " + aggregateIdentifier, e);
        }
    }

    @Override
    public Class<T> getAggregateType() {
        return type;
    }
}
