package org.acpmerchant.checkout.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the gateway standing beyond its capacity: at most {@code maxChanges} creates, updates and cancels and at most
 * {@code maxCompletes} completes are worked on at once; a request that finds no room within {@code queueWait} is
 * refused at once with {@code 503 service_unavailable} ({@code overloaded}) and {@code Retry-After}, before its
 * idempotency key is claimed or anything is read or written, so retrying it with the same key is safe. New checkouts
 * are shed first: while {@code createGate} completes or more are in flight, a create is refused, so the capacity goes
 * to buyers who are already paying instead of to sessions that could not be completed. Creates still running count
 * against that gate too: each is a complete a moment later, and a burst of creates let in while few completes ran
 * once took the completes past {@code maxCompletes}, refusing buyers who were paying. Work already admitted keeps the
 * capacity it needs, instead of every request queueing until all time out.
 */
public class AdmissionControl extends OncePerRequestFilter {

    private final Semaphore changes;
    private final Semaphore completes;
    private final AtomicInteger createsInFlight = new AtomicInteger();
    private final int maxCompletes;
    private final int maxGate;
    private final int minGate;
    private final long targetNanos;
    private final long maxTargetNanos;
    private volatile int createGate;
    private volatile long effectiveTargetNanos;
    private double latencyEwmaNanos;
    private long lastAdjustedNanos;
    private long floorWindowStartNanos;
    private long floorWindowMinNanos = Long.MAX_VALUE;
    private long previousFloorWindowMinNanos = Long.MAX_VALUE;
    private final long queueWaitNanos;
    private final int retryAfterSeconds;
    private final Counter refusedChanges;
    private final Counter refusedCompletes;

    public AdmissionControl(Settings settings, MeterRegistry meters) {
        this.changes = new Semaphore(settings.maxChanges());
        this.completes = new Semaphore(settings.maxCompletes());
        this.maxCompletes = settings.maxCompletes();
        this.maxGate = settings.createGate();
        this.minGate = Math.min(settings.createGate(), settings.minCreateGate());
        this.createGate = settings.createGate();
        this.targetNanos = settings.targetCompleteLatency().toNanos();
        this.maxTargetNanos = Math.max(targetNanos, settings.maxTargetCompleteLatency().toNanos());
        this.effectiveTargetNanos = targetNanos;
        this.queueWaitNanos = settings.queueWait().toNanos();
        this.retryAfterSeconds = (int) Math.max(1, settings.retryAfter().toSeconds());
        this.refusedChanges = Counter.builder("acp.admission.refused").tag("operation", "change")
                .description("ACP requests refused at the edge because the gateway was at capacity")
                .register(meters);
        this.refusedCompletes = Counter.builder("acp.admission.refused").tag("operation", "complete")
                .description("ACP requests refused at the edge because the gateway was at capacity")
                .register(meters);
        Gauge.builder("acp.admission.create.gate", this, AdmissionControl::createGate)
                .description("Completes and creates in flight from which new checkouts are refused").register(meters);
        Gauge.builder("acp.admission.target.complete.latency", this, a -> a.effectiveTargetNanos / 1e9)
                .description("The completes' latency above which the create gate closes: the configured target, "
                        + "or three times the fastest recent complete if that is more")
                .baseUnit("seconds").register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !"POST".equals(request.getMethod())
                || !(uri.startsWith("/checkout_sessions") || uri.startsWith("/carts") || uri.equals("/mcp"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        boolean complete = uri.endsWith("/complete");
        boolean create = "/checkout_sessions".equals(uri) || "/carts".equals(uri);
        Semaphore room = complete ? completes : changes;
        boolean gateOpen = !create || enterCreate();
        boolean admitted;
        try {
            admitted = gateOpen && room.tryAcquire(queueWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            if (create && gateOpen) {
                createsInFlight.decrementAndGet();
            }
            (complete ? refusedCompletes : refusedChanges).increment();
            AcpErrors.write(response, new AcpException(503, "service_unavailable", "overloaded",
                    "The merchant is at capacity; retry after " + retryAfterSeconds + " s with the same "
                            + "Idempotency-Key.", null, null, retryAfterSeconds));
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            room.release();
            if (create) {
                createsInFlight.decrementAndGet();
            }
            if (complete) {
                recordComplete(System.nanoTime() - started, System.nanoTime());
            }
        }
    }

    /**
     * The create gate follows the completes' latency (additive increase, multiplicative decrease): while their moving
     * average is above the target, fewer new checkouts are let in (down to {@code minCreateGate}), so the work in
     * flight shrinks to what the stack finishes in time; once it is well below, the gate opens again one step at a
     * time, up to {@code createGate}. At most one adjustment per 100 ms.
     * <p>
     * The target is {@code targetCompleteLatency}, or three times the fastest complete of the last 10 to 20 s if that
     * is more, up to {@code maxTargetCompleteLatency}: a complete waits on the payment provider, and where its answers
     * alone take most of the target (Stripe at 600 ms a call made the fastest complete 1.3 s), a fixed target read the
     * provider's latency as overload and held the gate shut while the stack was half idle (ADR 0059). Queueing, which
     * is what overload adds, shows as the average drawing away from the fastest.
     */
    synchronized void recordComplete(long tookNanos, long nowNanos) {
        latencyEwmaNanos = latencyEwmaNanos == 0 ? tookNanos : 0.8 * latencyEwmaNanos + 0.2 * tookNanos;
        long sinceWindowStart = nowNanos - floorWindowStartNanos;
        if (floorWindowMinNanos == Long.MAX_VALUE || sinceWindowStart >= FLOOR_WINDOW_NANOS) {
            // the window before is kept only if it was the last 10 s: after a quiet spell, no stale floor
            previousFloorWindowMinNanos = sinceWindowStart < 2 * FLOOR_WINDOW_NANOS ? floorWindowMinNanos
                    : Long.MAX_VALUE;
            floorWindowMinNanos = Long.MAX_VALUE;
            floorWindowStartNanos = nowNanos;
        }
        floorWindowMinNanos = Math.min(floorWindowMinNanos, tookNanos);
        if (nowNanos - lastAdjustedNanos < 100_000_000L) {
            return;
        }
        lastAdjustedNanos = nowNanos;
        long floor = Math.min(floorWindowMinNanos, previousFloorWindowMinNanos);
        long target = Math.min(maxTargetNanos, Math.max(targetNanos, FLOOR_TOLERANCE * floor));
        effectiveTargetNanos = target;
        if (latencyEwmaNanos > target) {
            createGate = Math.max(minGate, (int) (createGate * 0.75));
        } else if (latencyEwmaNanos < 0.7 * target) {
            createGate = Math.min(maxGate, createGate + 1);
        }
    }

    private static final long FLOOR_WINDOW_NANOS = 10_000_000_000L;
    private static final long FLOOR_TOLERANCE = 3;

    /** The completes' latency above which the gate closes now (see {@link #recordComplete}). */
    Duration targetCompleteLatency() {
        return Duration.ofNanos(effectiveTargetNanos);
    }

    /** Takes a create's place under the gate: refused while the completes and creates in flight fill it. */
    private boolean enterCreate() {
        while (true) {
            int creates = createsInFlight.get();
            if (completesInFlight() + creates >= createGate) {
                return false;
            }
            if (createsInFlight.compareAndSet(creates, creates + 1)) {
                return true;
            }
        }
    }

    int createGate() {
        return createGate;
    }

    private int completesInFlight() {
        return maxCompletes - completes.availablePermits();
    }

    /**
     * {@code acp.checkout.admission.*}: how many creates/updates/cancels and how many completes (which wait for their
     * saga) run at once per replica, from how many completes in flight new checkouts are refused (at most
     * {@code createGate}, at least {@code minCreateGate}, following the completes' latency against
     * {@code targetCompleteLatency}, raised by a slow payment provider up to {@code maxTargetCompleteLatency}), how long
     * a request may wait for room, and the {@code Retry-After} it is told.
     */
    @ConfigurationProperties("acp.checkout.admission")
    public record Settings(Integer maxChanges, Integer maxCompletes, Integer createGate, Integer minCreateGate,
            Duration targetCompleteLatency, Duration maxTargetCompleteLatency, Duration queueWait,
            Duration retryAfter) {
        public Settings {
            minCreateGate = minCreateGate == null ? 4 : minCreateGate;
            targetCompleteLatency = targetCompleteLatency == null ? Duration.ofSeconds(2) : targetCompleteLatency;
            maxTargetCompleteLatency = maxTargetCompleteLatency == null ? Duration.ofSeconds(6)
                    : maxTargetCompleteLatency; // ADR 0059: below the complete's own wait (8 s)
            maxChanges = maxChanges == null ? 32 : maxChanges;
            maxCompletes = maxCompletes == null ? 48 : maxCompletes;
            createGate = createGate == null ? Math.max(1, maxCompletes / 2) : createGate;
            queueWait = queueWait == null ? Duration.ofMillis(2) : queueWait; // ADR 0044
            retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        }
    }
}
