package org.acpmerchant.checkout.session.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.platform.ops.rebuild.RebuildableProjection;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code session_view} as a {@link RebuildableProjection}: the fold of {@link SessionViewProjection}
 * ({@link SessionEvolution}), without announcing settlements. The view is written in the command's transaction, so
 * its {@code version} (one more per change) says which rows commands moved during a rebuild, and the switch merges.
 */
public class SessionViewRebuild implements RebuildableProjection<SessionState> {

    @Override
    public String processor() {
        return SessionViewProjection.PROCESSING_GROUP;
    }

    @Override
    public String table() {
        return "session_view";
    }

    @Override
    public String keyColumn() {
        return "session_id";
    }

    @Override
    public String versionColumn() {
        return "version";
    }

    @Override
    public List<String> comparedColumns() {
        return List.of("agent_id", "status", "version", "expires_at", "document::jsonb");
    }

    @Override
    public String documentColumn() {
        return "document";
    }

    @Override
    public Set<String> payloadTypes() {
        return Set.of(); // the checkout store holds the session's events only
    }

    @Override
    public String key(Object event) {
        if (event instanceof CheckoutSessionEvent e) {
            return e.sessionId();
        }
        return event instanceof IntegrationEvent e ? e.sessionId() : null;
    }

    @Override
    public SessionState apply(SessionState current, Object event, Instant at) {
        SessionState next = SessionEvolution.evolve(current, event);
        return next == null ? current : next;
    }

    @Override
    public void write(JdbcTemplate jdbc, String table, Map<String, SessionState> rows) {
        List<SessionState> batch = new ArrayList<>(rows.values());
        jdbc.batchUpdate("insert into " + table + " (session_id, agent_id, status, version, document, expires_at,"
                + " updated_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (session_id) do update set agent_id ="
                + " excluded.agent_id, status = excluded.status, version = excluded.version, document ="
                + " excluded.document, expires_at = excluded.expires_at, updated_at = excluded.updated_at",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        SessionState state = batch.get(i);
                        ps.setString(1, state.id());
                        ps.setString(2, state.agentId());
                        ps.setString(3, state.status().wire());
                        ps.setLong(4, state.version());
                        ps.setString(5, SessionViews.write(state));
                        ps.setTimestamp(6, Timestamp.from(state.expiresAt()));
                        ps.setTimestamp(7, Timestamp.from(state.updatedAt()));
                    }

                    @Override
                    public int getBatchSize() {
                        return batch.size();
                    }
                });
    }

    @Override
    public SessionState read(JdbcTemplate jdbc, String table, String key) {
        return jdbc.query("select document from " + table + " where session_id = ?",
                rs -> rs.next() ? SessionViews.read(rs.getString(1)) : null, key);
    }
}
