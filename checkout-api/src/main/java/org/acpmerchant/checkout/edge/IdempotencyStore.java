package org.acpmerchant.checkout.edge;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ACP idempotency keys in PostgreSQL, scoped to (agent, request path, key). A key is claimed ({@code in_flight})
 * before the request runs and holds its response afterwards; 5xx responses are never kept, and keys live for the
 * retention period (24 h by default) before a new request may reuse them.
 */
public class IdempotencyStore {

    /** What to do with a request that carries a key. */
    public sealed interface Claim {}

    /** The key is ours: run the request, then {@link #finish}. */
    public record Proceed() implements Claim {}

    /** The key already answered this body: send the stored response again. */
    public record Replay(int status, String body) implements Claim {}

    /** The key is held by a request still running. */
    public record InFlight(long retryAfterSeconds) implements Claim {}

    /** The key was used with another body. */
    public record Conflict() implements Claim {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;

    public IdempotencyStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Duration retention, Duration lease) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.retention = retention;
        this.lease = lease;
    }

    public Claim claim(String agent, String path, String key, String fingerprint) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            int inserted = jdbc.update("""
                    insert into idempotency_record (agent_id, request_path, idempotency_key, fingerprint, state,
                        locked_until, created_at, expires_at)
                    values (?, ?, ?, ?, 'in_flight', ?, ?, ?) on conflict do nothing
                    """, agent, path, key, fingerprint, ts(now.plus(lease)), ts(now), ts(now.plus(retention)));
            if (inserted == 1) {
                return new Proceed();
            }
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    select fingerprint, state, response_status, response_body, locked_until, expires_at
                    from idempotency_record where agent_id = ? and request_path = ? and idempotency_key = ? for update
                    """, agent, path, key);
            Map<String, Object> row = rows.get(0);
            Instant expiresAt = ((Timestamp) row.get("expires_at")).toInstant();
            Instant lockedUntil = ((Timestamp) row.get("locked_until")).toInstant();
            if (!expiresAt.isAfter(now) || ("in_flight".equals(row.get("state")) && !lockedUntil.isAfter(now)
                    && fingerprint.equals(row.get("fingerprint")))) {
                jdbc.update("""
                        update idempotency_record set fingerprint = ?, state = 'in_flight', response_status = null,
                            response_body = null, locked_until = ?, created_at = ?, expires_at = ?
                        where agent_id = ? and request_path = ? and idempotency_key = ?
                        """, fingerprint, ts(now.plus(lease)), ts(now), ts(now.plus(retention)), agent, path, key);
                return new Proceed();
            }
            if (!fingerprint.equals(row.get("fingerprint"))) {
                return new Conflict();
            }
            if ("completed".equals(row.get("state"))) {
                return new Replay((Integer) row.get("response_status"), (String) row.get("response_body"));
            }
            return new InFlight(Math.max(1, Duration.between(now, lockedUntil).toSeconds()));
        });
    }

    /** Keeps the response for replays, or forgets the key when the response was a server error. */
    public void finish(String agent, String path, String key, int status, String body) {
        if (status >= 500) {
            release(agent, path, key);
            return;
        }
        jdbc.update("""
                update idempotency_record set state = 'completed', response_status = ?, response_body = ?
                where agent_id = ? and request_path = ? and idempotency_key = ?
                """, status, body, agent, path, key);
    }

    public void release(String agent, String path, String key) {
        jdbc.update("delete from idempotency_record where agent_id = ? and request_path = ? and idempotency_key = ?",
                agent, path, key);
    }

    /** Deletes keys past their retention; returns how many. */
    public int purgeExpired() {
        return jdbc.update("delete from idempotency_record where expires_at < ?", ts(clock.instant()));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
