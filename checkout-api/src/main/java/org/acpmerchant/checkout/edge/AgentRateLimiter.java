package org.acpmerchant.checkout.edge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-agent request rate limits on this replica, so that one agent platform cannot take the capacity all of them
 * share: a token bucket of {@code burst} requests refilled at {@code requestsPerSecond}, kept as the generic cell
 * rate algorithm (one "theoretical arrival time" per agent, integer nanoseconds, no timer). A refused request is
 * told {@code 429} with {@code Retry-After}; every answer carries the {@code RateLimit-Policy} and {@code RateLimit}
 * fields of the IETF rate-limit headers draft. Limits are per replica: with N replicas an agent may send N times as
 * much in all.
 */
public class AgentRateLimiter {

    /** What one request was told: allowed or not, how many more fit now, and when to try again or be full. */
    public record Decision(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {}

    /** An agent's rate as the algorithm uses it, and its {@code RateLimit-Policy} field; resolved once per agent. */
    private record Limit(long intervalNanos, long toleranceNanos, int burst, String policy) {}

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final Settings settings;
    private final LongSupplier nanoTime;

    public AgentRateLimiter(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    public Decision acquire(String agent) {
        Limit limit = limit(agent);
        long now = nanoTime.getAsLong();
        long[] outcome = new long[2];
        arrivals.compute(agent, (key, previous) -> {
            long tat = previous == null || previous - now < 0 ? now : previous;
            long ahead = tat - now;
            if (ahead > limit.toleranceNanos()) {
                outcome[0] = 0;
                outcome[1] = ahead - limit.toleranceNanos();
                return tat;
            }
            outcome[0] = 1;
            outcome[1] = tat + limit.intervalNanos() - now;
            return tat + limit.intervalNanos();
        });
        if (outcome[0] == 0) {
            long wait = outcome[1];
            return new Decision(false, 0, seconds(wait), Math.max(1, seconds(wait)));
        }
        long backlog = outcome[1];
        long remaining = Math.max(0, (limit.toleranceNanos() + limit.intervalNanos() - backlog) / limit.intervalNanos());
        return new Decision(true, Math.min(remaining, limit.burst()), seconds(backlog), 0);
    }

    /** {@code RateLimit-Policy} for {@code agent}: its burst over the seconds the bucket takes to refill. */
    public String policy(String agent) {
        return limit(agent).policy();
    }

    private Limit limit(String agent) {
        return limits.computeIfAbsent(agent, a -> {
            Settings.Rate rate = settings.agents().getOrDefault(a, settings.defaults());
            long interval = 1_000_000_000L / rate.requestsPerSecond();
            long window = Math.max(1, (rate.burst() + rate.requestsPerSecond() - 1) / rate.requestsPerSecond());
            return new Limit(interval, interval * (rate.burst() - 1L), rate.burst(),
                    "\"agent\";q=" + rate.burst() + ";w=" + window);
        });
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * {@code acp.checkout.rate-limit.*}: the default rate for every agent ({@code requests-per-second}, {@code burst})
     * and overrides per agent id under {@code agents.<id>}.
     */
    @ConfigurationProperties("acp.checkout.rate-limit")
    public record Settings(Rate defaults, Map<String, Rate> agents) {
        public Settings {
            defaults = defaults == null ? new Rate(null, null) : defaults;
            agents = agents == null ? Map.of() : Map.copyOf(agents);
        }

        /** A sustained rate and the burst allowed above it. */
        public record Rate(Integer requestsPerSecond, Integer burst) {
            public Rate {
                requestsPerSecond = requestsPerSecond == null ? 500 : Math.max(1, requestsPerSecond);
                burst = burst == null ? 2 * requestsPerSecond : Math.max(1, burst);
            }
        }
    }
}
