package org.acpmerchant.checkout.session.query;

import org.acpmerchant.checkout.session.api.SessionStatus;
import java.util.stream.Collectors;
import java.util.Arrays;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.jdbc.core.JdbcTemplate;

/** The session read model: one JSON document of {@link SessionState} per session. */
public class SessionViews {

    private final JdbcTemplate jdbc;
    static final ObjectMapper JSON = AxonJson.newObjectMapper();

    public SessionViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SessionState> find(String sessionId) {
        List<String> docs = jdbc.queryForList("select document from session_view where session_id = ?", String.class, sessionId);
        return docs.stream().findFirst().map(SessionViews::read);
    }

    public void save(SessionState state) {
        String doc = write(state);
        jdbc.update("""
                insert into session_view (session_id, agent_id, status, version, document, expires_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (session_id) do update set status = excluded.status, version = excluded.version,
                    document = excluded.document, expires_at = excluded.expires_at, updated_at = excluded.updated_at
                """,
                state.id(), state.agentId(), state.status().wire(), state.version(), doc,
                Timestamp.from(state.expiresAt()), Timestamp.from(state.updatedAt()));
    }

    /**
     * The statuses that lapse ({@link SessionStatus#expires()}), as SQL literals: inlined, so the planner matches the
     * partial index {@code session_view_open_by_expiry}, whose predicate lists the same ones.
     */
    private static final String EXPIRING = Arrays.stream(SessionStatus.values()).filter(SessionStatus::expires)
            .map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", "));

    /** Open sessions whose {@code expires_at} has passed, oldest first. */
    public List<String> expiredOpenSessions(Instant now, int limit) {
        return jdbc.queryForList("select session_id from session_view where status in (" + EXPIRING + ")"
                + " and expires_at <= ? order by expires_at limit ?", String.class, Timestamp.from(now), limit);
    }

    static SessionState read(String doc) {
        try {
            return JSON.readValue(doc, SessionState.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(SessionState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
