package org.acpmerchant.checkout.edge;

import java.util.function.Function;
import org.acpmerchant.platform.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a mutating request under an ACP idempotency key: a replay answers the stored response, a conflicting body is
 * a 422, a key still in flight a 409 with {@code Retry-After}; otherwise the action runs and its response (unless a
 * 5xx) is kept for replays. The action gets the key to mark applied in its business transaction; a key whose effect
 * committed without a stored response is answered by {@code recover} from the effect's reference. Failures become ACP
 * errors. Transport-neutral: REST carts and the MCP binding use it.
 */
public class IdempotentExecution {

    private static final Logger log = LoggerFactory.getLogger(IdempotentExecution.class);

    /** What to answer: a status, a JSON body, whether it is a replay, and a {@code Retry-After} when relevant. */
    public record Outcome(int status, String body, boolean replayed, Long retryAfterSeconds) {}

    private final IdempotencyStore store;

    public IdempotentExecution(IdempotencyStore store) {
        this.store = store;
    }

    public Outcome run(String agent, String scope, String key, byte[] body, int successStatus,
            Function<IdempotencyKey, String> action, Function<String, String> recover) {
        if (key == null || key.isEmpty()) {
            return error(AcpException.invalid("idempotency_key_required", "Idempotency-Key header is required", null));
        }
        AcpException malformed = IdempotencyKey.malformed(key);
        if (malformed != null) {
            return error(malformed);
        }
        IdempotencyStore.Claim claim;
        try {
            claim = store.claim(agent, scope, key, RequestFingerprint.of(body));
        } catch (RuntimeException e) {
            return error(toAcp(e)); // nothing claimed, nothing to finish: the database was gone, or a bug
        }
        if (claim instanceof IdempotencyStore.Replay replay) {
            return new Outcome(replay.status(), replay.body(), true, null);
        }
        if (claim instanceof IdempotencyStore.Recover r) {
            IdempotencyKey held = new IdempotencyKey(agent, scope, key, r.claimId());
            Outcome recovered;
            try {
                recovered = new Outcome(successStatus, recover.apply(r.effectRef()), true, null);
            } catch (RuntimeException e) {
                recovered = error(toAcp(e));
            }
            store.finish(held, recovered.status(), recovered.body());
            return recovered;
        }
        if (claim instanceof IdempotencyStore.Conflict) {
            return error(new AcpException(422, "invalid_request", "idempotency_conflict",
                    "Idempotency-Key has already been used with a different request body", null, null, null));
        }
        if (claim instanceof IdempotencyStore.InFlight inFlight) {
            return new Outcome(409, AcpErrors.body(new AcpException(409, "invalid_request", "idempotency_in_flight",
                    "A request with this Idempotency-Key is currently being processed", null, null, null)), false,
                    inFlight.retryAfterSeconds());
        }
        IdempotencyKey held = new IdempotencyKey(agent, scope, key, ((IdempotencyStore.Proceed) claim).claimId());
        Outcome outcome;
        try {
            outcome = new Outcome(successStatus, action.apply(held), false, null);
        } catch (RuntimeException e) {
            outcome = error(toAcp(e));
        }
        store.finish(held, outcome.status(), outcome.body());
        return outcome;
    }

    /** Maps what an action may throw to the ACP error it answers with. */
    public static AcpException toAcp(RuntimeException e) {
        if (e instanceof AcpException acp) {
            return acp;
        }
        if (e instanceof IdempotencyStore.ClaimLostException) {
            return new AcpException(409, "invalid_request", "idempotency_in_flight",
                    "A retry of this request holds its Idempotency-Key; nothing was changed by this one.", null, null,
                    1);
        }
        if (e instanceof UpstreamUnavailableException u) {
            return new AcpException(503, "service_unavailable", u.code(), u.agentMessage(), null, null, 2);
        }
        if (TransientFailures.isTransient(e)) {
            // the database or the broker went away under the request (a restart, a failover): the key is released
            // (a 5xx is never stored), so the agent's retry with the same key runs again
            log.warn("the database or the broker failed under an ACP request, answered 503: {}", e.toString());
            return new AcpException(503, "service_unavailable", "temporarily_unavailable",
                    "The merchant's database or message broker was briefly unavailable; retry after 2 s with the same "
                            + "Idempotency-Key.", null, null, 2);
        }
        log.error("unexpected failure at the ACP edge", e);
        return new AcpException(500, "processing_error", "internal_error", "The request could not be processed.",
                null, null, null);
    }

    private static Outcome error(AcpException e) {
        return new Outcome(e.status(), AcpErrors.body(e), false,
                e.retryAfterSeconds() == null ? null : e.retryAfterSeconds().longValue());
    }
}
