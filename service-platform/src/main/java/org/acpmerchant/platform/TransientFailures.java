package org.acpmerchant.platform;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure is the infrastructure's (it goes away when the database or broker is back) rather than the
 * message's. Looks through the whole cause chain.
 */
public final class TransientFailures {

    /** PostgreSQL SQLSTATEs of a server that is gone, restarting or full: connection errors, shutdown, overload. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "53400", "40001",
            "40P01", "55P03");

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                    || e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException
                    || e instanceof AxonTransientException || e instanceof SQLTransientException
                    || e instanceof SQLRecoverableException
                    || e instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            if (e instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
