package org.acpmerchant.checkout.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the gateway standing beyond its capacity: at most {@code maxChanges} creates, updates and cancels and at most
 * {@code maxCompletes} completes are worked on at once; a request that finds no room within {@code queueWait} is
 * refused at once with {@code 503 service_unavailable} ({@code overloaded}) and {@code Retry-After}, before its
 * idempotency key is claimed or anything is read or written, so retrying it with the same key is safe. New checkouts
 * are shed first: while {@code createGate} completes or more are in flight, a create is refused, so the capacity goes
 * to buyers who are already paying instead of to sessions that could not be completed. Work already admitted keeps
 * the capacity it needs, instead of every request queueing until all time out.
 */
public class AdmissionControl extends OncePerRequestFilter {

    private final Semaphore changes;
    private final Semaphore completes;
    private final int maxCompletes;
    private final int createGate;
    private final long queueWaitNanos;
    private final int retryAfterSeconds;
    private final Counter refusedChanges;
    private final Counter refusedCompletes;

    public AdmissionControl(Settings settings, MeterRegistry meters) {
        this.changes = new Semaphore(settings.maxChanges());
        this.completes = new Semaphore(settings.maxCompletes());
        this.maxCompletes = settings.maxCompletes();
        this.createGate = settings.createGate();
        this.queueWaitNanos = settings.queueWait().toNanos();
        this.retryAfterSeconds = (int) Math.max(1, settings.retryAfter().toSeconds());
        this.refusedChanges = Counter.builder("acp.admission.refused").tag("operation", "change")
                .description("ACP requests refused at the edge because the gateway was at capacity")
                .register(meters);
        this.refusedCompletes = Counter.builder("acp.admission.refused").tag("operation", "complete")
                .description("ACP requests refused at the edge because the gateway was at capacity")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !"POST".equals(request.getMethod())
                || !(uri.startsWith("/checkout_sessions") || uri.startsWith("/carts"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        boolean complete = uri.endsWith("/complete");
        boolean create = "/checkout_sessions".equals(uri) || "/carts".equals(uri);
        Semaphore room = complete ? completes : changes;
        boolean admitted;
        try {
            admitted = !(create && completesInFlight() >= createGate)
                    && room.tryAcquire(queueWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            (complete ? refusedCompletes : refusedChanges).increment();
            AcpErrors.write(response, new AcpException(503, "service_unavailable", "overloaded",
                    "The merchant is at capacity; retry after " + retryAfterSeconds + " s with the same "
                            + "Idempotency-Key.", null, null, retryAfterSeconds));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            room.release();
        }
    }

    private int completesInFlight() {
        return maxCompletes - completes.availablePermits();
    }

    /**
     * {@code acp.checkout.admission.*}: how many creates/updates/cancels and how many completes (which wait for their
     * saga) run at once per replica, from how many completes in flight new checkouts are refused, how long a request
     * may wait for room, and the {@code Retry-After} it is told.
     */
    @ConfigurationProperties("acp.checkout.admission")
    public record Settings(Integer maxChanges, Integer maxCompletes, Integer createGate, Duration queueWait,
            Duration retryAfter) {
        public Settings {
            maxChanges = maxChanges == null ? 32 : maxChanges;
            maxCompletes = maxCompletes == null ? 48 : maxCompletes;
            createGate = createGate == null ? Math.max(1, maxCompletes / 2) : createGate;
            queueWait = queueWait == null ? Duration.ofMillis(20) : queueWait;
            retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        }
    }
}
