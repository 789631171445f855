package org.acpmerchant.platform.axon;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC event engine as the services run it: each event's time written without Axon's formatter (ADR 0047), and
 * the tracked reads of the store's reader (a fetch of the next events, and the gap check after an empty one) sent as
 * plain statements when no transaction is open (ADR 0055). Axon wraps each such fetch in a transaction of its own,
 * which costs a {@code BEGIN} and a {@code COMMIT} around one or two {@code SELECT}s; PostgreSQL gives a statement
 * outside a transaction the same committed snapshot, so the answer is the same. Everything else (appends, aggregate
 * loads, a tracked read inside a transaction) runs as before.
 */
public final class EventEngine extends JdbcEventStorageEngine {

    /** Set while this thread fetches tracked events outside any transaction. */
    private static final ThreadLocal<Boolean> PLAIN_READ = new ThreadLocal<>();

    private EventEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    /** The engine {@code builder} describes, on {@code transactions}, its tracked reads outside a transaction. */
    public static EventEngine build(JdbcEventStorageEngine.Builder builder, TransactionManager transactions) {
        return new EventEngine(builder.transactionManager(new PlainReads(transactions)));
    }

    @Override
    protected void writeTimestamp(PreparedStatement statement, int index, Instant timestamp) throws SQLException {
        statement.setString(index, FastInstants.formatMillis(timestamp));
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return super.fetchTrackedEvents(lastToken, batchSize);
        }
        PLAIN_READ.set(Boolean.TRUE);
        try {
            return super.fetchTrackedEvents(lastToken, batchSize);
        } finally {
            PLAIN_READ.remove();
        }
    }

    /** The services' transactions, except for a tracked fetch outside one: no transaction at all. */
    private record PlainReads(TransactionManager transactions) implements TransactionManager {
        @Override
        public Transaction startTransaction() {
            return PLAIN_READ.get() != null
                    ? NoTransactionManager.INSTANCE.startTransaction()
                    : transactions.startTransaction();
        }
    }
}
