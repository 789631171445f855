package org.acpmerchant.platform.axon;

import java.util.List;
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

    public static CommitAwareEventStore on(EventStorageEngine storageEngine) {
        Builder builder = new Builder() {
            @Override
            public EmbeddedEventStore build() {
                return new CommitAwareEventStore(this);
            }
        };
        return (CommitAwareEventStore) builder.storageEngine(storageEngine).build();
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
