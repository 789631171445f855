package org.acpmerchant.checkout.session.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.quote.RecordedQuote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recorded price of every checkout session created in a time range, for pricing's what-if re-pricing: read from
 * {@code session_view} (the fold of the session's events, which a rebuild's dry run checks against the log), streamed
 * through a cursor so that a year of sessions never sits in memory. Reads only.
 */
public class PricedCheckouts {

    /** Which sessions: the completed ones (what was charged), or every priced one. */
    public enum Scope {
        COMPLETED, ALL
    }

    /** Reads through a server-side cursor (a fetch size, inside the read-only transaction). */
    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    public PricedCheckouts(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        this.cursor.setFetchSize(500);
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /**
     * Hands {@code sink} each session created in {@code [from, to)} in the scope, oldest update first. A session
     * created in the range was last updated at or after {@code from}, which the query uses; the creation time itself
     * is in the document.
     */
    public long stream(Instant from, Instant to, Scope scope, Consumer<RecordedQuote> sink) {
        long[] count = {0};
        readOnly.executeWithoutResult(status -> {
            cursor.query("select document from session_view where updated_at >= ?"
                    + (scope == Scope.COMPLETED ? " and status = 'completed'" : "") + " order by updated_at, session_id",
                    rs -> {
                        SessionState state = SessionViews.read(rs.getString(1));
                        if (state.quote() == null || state.createdAt() == null
                                || state.createdAt().isBefore(from) || !state.createdAt().isBefore(to)) {
                            return;
                        }
                        sink.accept(new RecordedQuote(state.id(), state.status().wire(), state.createdAt(),
                                state.inputs().quoteRequest(state.id(), state.id()), state.quote()));
                        count[0]++;
                    }, Timestamp.from(from));
        });
        return count[0];
    }
}
