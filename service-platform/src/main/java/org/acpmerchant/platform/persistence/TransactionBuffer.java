package org.acpmerchant.platform.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A map bound to the current Spring transaction, for a projection that folds the events of one transaction in memory
 * and writes each row once: created on first use, handed to {@code flush} just before the transaction commits, and
 * dropped when it ends (a rollback discards it).
 */
public final class TransactionBuffer {

    private TransactionBuffer() {}

    /** The transaction's map under {@code key}; null outside a transaction (write at once then). */
    @SuppressWarnings("unchecked")
    public static <K, V> Map<K, V> of(Object key, Consumer<Map<K, V>> flush) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Object existing = TransactionSynchronizationManager.getResource(key);
        if (existing != null) {
            return (Map<K, V>) existing;
        }
        Map<K, V> buffer = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(key, buffer);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                flush.accept(buffer);
                buffer.clear();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return buffer;
    }
}
