package org.acpmerchant.platform.axon;

import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An aggregate cache that never holds a state the database does not. Axon evicts an entry when its unit of work
 * rolls back; where the unit of work ran inside a longer Spring transaction (an HTTP effect committed with its
 * idempotency key, a saga step inside its processor's batch), that transaction can still roll back after the unit of
 * work committed. This cache then evicts the entry too, so the next command loads the aggregate from the event store.
 * Another replica's writes are caught by the event store's unique sequence number (a {@code ConcurrencyException},
 * retried by every caller, evicts the stale entry).
 */
public class TransactionAwareCache extends WeakReferenceCache {

    @Override
    public void put(Object key, Object value) {
        super.put(key, value);
        evictUnlessCommitted(key);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean put = super.putIfAbsent(key, value);
        if (put) {
            evictUnlessCommitted(key);
        }
        return put;
    }

    private void evictUnlessCommitted(Object key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        remove(key);
                    }
                }
            });
        }
    }
}
