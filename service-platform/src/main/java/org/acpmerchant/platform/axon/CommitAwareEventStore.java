package org.acpmerchant.platform.axon;

import java.util.List;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's embedded event store, woken when the database has really committed new events. Axon wakes its producer
 * when the unit of work commits; where that unit of work runs inside a longer Spring transaction (an HTTP effect
 * committed with its idempotency key, a saga step inside its processor's batch), the producer then reads before the
 * rows are visible, finds nothing and sleeps for the whole fetch delay — a second on every such hop. This store wakes
 * it once more after the enclosing transaction commits. {@link #wake()} lets a cross-replica notification do the same.
 */
public class CommitAwareEventStore extends EmbeddedEventStore {

    protected CommitAwareEventStore(Builder builder) {
        super(builder);
    }

    /** The store that also puts the current trace into each event's metadata as it is published (ADR 0026). */
    public static CommitAwareEventStore on(EventStorageEngine storageEngine, EventBusSpanFactory spans) {
        Builder builder = new Builder() {
            @Override
            public EmbeddedEventStore build() {
                return new CommitAwareEventStore(this);
            }
        };
        builder.storageEngine(storageEngine).spanFactory(spans);
        return (CommitAwareEventStore) builder.build();
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        }
    }

    /** Tells the tailing processors that new events may be in the store. */
    public void wake() {
        super.afterCommit(List.of());
    }
}
