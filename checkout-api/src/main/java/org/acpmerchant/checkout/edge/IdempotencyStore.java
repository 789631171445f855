package org.acpmerchant.checkout.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ACP idempotency keys in PostgreSQL, scoped to (agent, request path, key). A key is claimed ({@code in_flight})
 * before the request runs; the request's business effect marks it {@code applied} with a reference to what it changed
 * in the effect's own transaction ({@link #markApplied}), so the key and the effect commit or roll back together; the
 * response is kept afterwards ({@code completed}). A key left {@code applied} without a response (the process died
 * between the two) is answered from the reference once its lease ends ({@link Recover}), never executed again. 5xx
 * responses are never kept, and keys live for the retention period (24 h by default) before a new request may reuse
 * them. A response the database would not take (it was down) is written again in the background until it lands or the
 * lease ends, so that an agent's retry after a database outage finds the key free, not held for the whole lease.
 */
public class IdempotencyStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

    /** Responses waiting to be written again at most; beyond it a key waits for its lease to end, as before. */
    static final int MAX_PENDING_FINISHES = 1_000;

    private static final Duration LONGEST_RETRY_INTERVAL = Duration.ofSeconds(2);

    /** The longest {@code Retry-After} a key in flight answers with, whatever is left of its lease. */
    static final long IN_FLIGHT_RETRY_AFTER_SECONDS = 2;

    /** What to do with a request that carries a key. */
    public sealed interface Claim {}

    /** The key is ours under {@code claimId}: run the request, then {@link #finish}. */
    public record Proceed(String claimId) implements Claim {}

    /** The key already answered this body: send the stored response again. */
    public record Replay(int status, String body) implements Claim {}

    /** The key is held by a request still running. */
    public record InFlight(long retryAfterSeconds) implements Claim {}

    /** The key was used with another body. */
    public record Conflict() implements Claim {}

    /**
     * The key's effect committed but its response was never stored: answer from the current state of
     * {@code effectRef} (a session or cart id) and {@link #finish} the key. The lease is renewed for the caller.
     */
    public record Recover(String effectRef, String claimId) implements Claim {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;

    private final Duration firstRetryInterval;
    private final AtomicInteger pendingFinishes = new AtomicInteger();
    private final ScheduledExecutorService finishRetries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "idempotency-finish-retry");
        thread.setDaemon(true);
        return thread;
    });

    private MeterRegistry meters = new SimpleMeterRegistry();

    /** Where keys are counted by what they met ({@code acp_idempotency_total{result}}), and refused responses wait. */
    public IdempotencyStore meteredBy(MeterRegistry registry) {
        this.meters = registry;
        Gauge.builder("acp.idempotency.pending.finishes", pendingFinishes, AtomicInteger::get)
                .description("Responses the database refused, waiting to be written again (ADR 0045)")
                .register(registry);
        return this;
    }

    /** Counts what one claim met: {@code proceeded}, {@code replayed}, {@code recovered}, {@code conflict}, {@code in_flight}. */
    private Claim counted(Claim claim) {
        String result = claim instanceof Proceed ? "proceeded" : claim instanceof Replay ? "replayed"
                : claim instanceof Recover ? "recovered" : claim instanceof Conflict ? "conflict" : "in_flight";
        Counter.builder("acp.idempotency").description("Idempotency keys by what they met").tag("result", result)
                .register(meters).increment();
        return claim;
    }

    public IdempotencyStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Duration retention, Duration lease) {
        this(jdbc, tx, clock, retention, lease, Duration.ofMillis(250));
    }

    /** {@code firstRetryInterval}: how soon a response the database refused is written again (doubling to 2 s). */
    public IdempotencyStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Duration retention, Duration lease,
            Duration firstRetryInterval) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.retention = retention;
        this.lease = lease;
        this.firstRetryInterval = firstRetryInterval;
    }

    public Claim claim(String agent, String path, String key, String fingerprint) {
        return counted(tx.execute(status -> {
            Instant now = clock.instant();
            String claimId = UUID.randomUUID().toString();
            int inserted = jdbc.update("""
                    insert into idempotency_record (agent_id, request_path, idempotency_key, fingerprint, state,
                        locked_until, created_at, expires_at, claim_id)
                    values (?, ?, ?, ?, 'in_flight', ?, ?, ?, ?) on conflict do nothing
                    """, agent, path, key, fingerprint, ts(now.plus(lease)), ts(now), ts(now.plus(retention)),
                    claimId);
            if (inserted == 1) {
                return new Proceed(claimId);
            }
            List<Map<String, Object>> rows = jdbc.queryForList("""
                    select fingerprint, state, response_status, response_body, locked_until, expires_at, effect_ref
                    from idempotency_record where agent_id = ? and request_path = ? and idempotency_key = ? for update
                    """, agent, path, key);
            Map<String, Object> row = rows.get(0);
            Instant expiresAt = ((Timestamp) row.get("expires_at")).toInstant();
            Instant lockedUntil = ((Timestamp) row.get("locked_until")).toInstant();
            if (!expiresAt.isAfter(now) || ("in_flight".equals(row.get("state")) && !lockedUntil.isAfter(now)
                    && fingerprint.equals(row.get("fingerprint")))) {
                jdbc.update("""
                        update idempotency_record set fingerprint = ?, state = 'in_flight', response_status = null,
                            response_body = null, locked_until = ?, created_at = ?, expires_at = ?, claim_id = ?,
                            effect_ref = null
                        where agent_id = ? and request_path = ? and idempotency_key = ?
                        """, fingerprint, ts(now.plus(lease)), ts(now), ts(now.plus(retention)), claimId, agent, path,
                        key);
                return new Proceed(claimId);
            }
            if (!fingerprint.equals(row.get("fingerprint"))) {
                return new Conflict();
            }
            if ("completed".equals(row.get("state"))) {
                return new Replay((Integer) row.get("response_status"), (String) row.get("response_body"));
            }
            if ("applied".equals(row.get("state")) && !lockedUntil.isAfter(now)) {
                jdbc.update("""
                        update idempotency_record set locked_until = ?, claim_id = ?
                        where agent_id = ? and request_path = ? and idempotency_key = ?
                        """, ts(now.plus(lease)), claimId, agent, path, key);
                return new Recover((String) row.get("effect_ref"), claimId);
            }
            // Retry soon: the request holding the key ends within the complete wait, and a key left by a request that
            // failed is freed when its answer is written again, both well before the lease ends (ADR 0045).
            return new InFlight(Math.max(1, Math.min(IN_FLIGHT_RETRY_AFTER_SECONDS,
                    Duration.between(now, lockedUntil).toSeconds())));
        }));
    }

    /**
     * Records that the key's business effect happened, naming what it changed. Call it inside the effect's own
     * transaction: if the effect rolls back, so does this. When the claim is no longer the key's (its lease ran out
     * and another request took the key over) it throws {@link ClaimLostException}, so the effect rolls back too: a
     * key produces at most one effect.
     */
    public void markApplied(IdempotencyKey key, String effectRef) {
        int updated = jdbc.update("""
                update idempotency_record set state = 'applied', effect_ref = ?
                where agent_id = ? and request_path = ? and idempotency_key = ? and state = 'in_flight'
                  and claim_id = ?
                """, effectRef, key.agent(), key.scope(), key.key(), key.claimId());
        if (updated != 1) {
            throw new ClaimLostException();
        }
    }

    /** The request's claim on its key was taken over: its effect must not happen. */
    public static final class ClaimLostException extends RuntimeException {
        ClaimLostException() {
            super("the idempotency key was taken over by a retry of this request");
        }
    }

    /**
     * Keeps the response for replays; a request that lost its claim stores nothing. A server error is never kept: the
     * key is forgotten when nothing happened, and when the effect did happen the key stays {@code applied} with its
     * lease ended, so the agent's retry is answered from the effect ({@link Recover}) at once. When the database does
     * not take the write, it is tried again in the background (after 250 ms, doubling to 2 s) until it lands or the
     * lease ends; every write names the claim, so a late one never touches a key a retry has taken over.
     */
    public void finish(IdempotencyKey key, int status, String body) {
        try {
            write(key, status, body);
        } catch (DataAccessException e) {
            Instant until = clock.instant().plus(lease);
            if (pendingFinishes.incrementAndGet() > MAX_PENDING_FINISHES) {
                pendingFinishes.decrementAndGet();
                log.warn("the response to an idempotency key of {} was not stored and {} others wait to be: the key "
                        + "stays held until its lease ends at {} ({})", key.scope(), MAX_PENDING_FINISHES, until,
                        e.getMessage());
                return;
            }
            log.warn("the response to an idempotency key of {} was not stored ({}); writing it again until the "
                    + "database takes it or the lease ends at {}", key.scope(), e.getMessage(), until);
            retryFinish(key, status, body, until, firstRetryInterval);
        }
    }

    /** How many refused responses wait to be written again. */
    public int pendingFinishes() {
        return pendingFinishes.get();
    }

    private void retryFinish(IdempotencyKey key, int status, String body, Instant until, Duration interval) {
        try {
            finishRetries.schedule(() -> {
                try {
                    write(key, status, body);
                    pendingFinishes.decrementAndGet();
                    log.info("the response to an idempotency key of {} is stored after all", key.scope());
                } catch (RuntimeException e) {
                    Duration doubled = interval.multipliedBy(2);
                    Duration next = doubled.compareTo(LONGEST_RETRY_INTERVAL) > 0 ? LONGEST_RETRY_INTERVAL : doubled;
                    if (clock.instant().plus(next).isBefore(until)) {
                        retryFinish(key, status, body, until, next);
                    } else {
                        pendingFinishes.decrementAndGet();
                        log.warn("gave up storing the response to an idempotency key of {}: its lease ends at {} ({})",
                                key.scope(), until, e.getMessage());
                    }
                }
            }, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pendingFinishes.decrementAndGet();
            log.warn("the response to an idempotency key of {} is not written again: the service is stopping; the key "
                    + "is free when its lease ends at {}", key.scope(), until);
        }
    }

    private void write(IdempotencyKey key, int status, String body) {
        if (status >= 500) {
            jdbc.update("""
                    update idempotency_record set locked_until = ?
                    where agent_id = ? and request_path = ? and idempotency_key = ? and claim_id = ?
                      and state = 'applied'
                    """, ts(clock.instant()), key.agent(), key.scope(), key.key(), key.claimId());
            jdbc.update("""
                    delete from idempotency_record
                    where agent_id = ? and request_path = ? and idempotency_key = ? and claim_id = ?
                      and state = 'in_flight'
                    """, key.agent(), key.scope(), key.key(), key.claimId());
            return;
        }
        jdbc.update("""
                update idempotency_record set state = 'completed', response_status = ?, response_body = ?
                where agent_id = ? and request_path = ? and idempotency_key = ? and claim_id = ?
                """, status, body, key.agent(), key.scope(), key.key(), key.claimId());
    }

    @Override
    public void close() {
        finishRetries.shutdownNow();
    }

    /** Deletes keys past their retention; returns how many. */
    public int purgeExpired() {
        return jdbc.update("delete from idempotency_record where expires_at < ?", ts(clock.instant()));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
