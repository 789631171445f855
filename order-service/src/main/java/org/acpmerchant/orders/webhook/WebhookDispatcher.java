package org.acpmerchant.orders.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acpmerchant.events.webhook.MerchantSignature;
import org.acpmerchant.orders.OrderProperties;
import org.acpmerchant.platform.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's due deliveries, one per transaction: the row stays locked ({@code for update skip locked})
 * while its request is in flight, so several instances never send the same delivery at once. Each attempt is
 * signed anew over the exact bytes sent, keeps the delivery's {@code Request-Id}, and is recorded; failures back off
 * exponentially with jitter until the horizon, then the delivery is parked.
 */
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final OrderProperties.Webhooks config;
    private final Map<String, OrderProperties.Endpoint> endpoints;
    private final MeterRegistry meters;
    private final TraceParents traces;

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSender sender, TransactionTemplate transactions, Clock clock,
            OrderProperties.Webhooks config, MeterRegistry meters) {
        this(outbox, sender, transactions, clock, config, meters, TraceParents.NOOP);
    }

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSender sender, TransactionTemplate transactions, Clock clock,
            OrderProperties.Webhooks config, MeterRegistry meters, TraceParents traces) {
        this.traces = traces;
        this.meters = meters;
        this.outbox = outbox;
        this.sender = sender;
        this.transactions = transactions;
        this.clock = clock;
        this.config = config;
        this.endpoints = config.endpoints().stream().collect(Collectors.toMap(
                OrderProperties.Endpoint::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        int threads = config.dispatchThreads();
        this.queuedWakes = new Semaphore(threads);
        AtomicInteger numbers = new AtomicInteger();
        this.wakeRunner = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "webhook-dispatch-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        outbox.onCommittedEnqueue(this::wake);
    }

    private final ExecutorService wakeRunner;
    private final Semaphore queuedWakes;

    /**
     * Sends what is due now, on the dispatch threads ({@code acp.orders.webhooks.dispatch-threads}, 4): called when
     * the projection's transaction that enqueued deliveries has committed, so an order event reaches the agent without
     * waiting for the next poll. Each thread drains while it finds full batches; wakes coalesce to one queued drain per
     * thread. The threads send in parallel — each delivery is locked ({@code skip locked}) and a later event of an
     * order is never due while an earlier one is undelivered, so each order's events still arrive in order. One
     * thread sent about 40 a second against a local receiver, fewer than a 40-checkouts/s peak enqueues.
     */
    public void wake() {
        if (queuedWakes.tryAcquire()) {
            wakeRunner.execute(() -> {
                queuedWakes.release();
                while (poll() >= config.batchSize()) {
                    // a full batch: more may be due
                }
            });
        }
    }

    /** Retries, parked-then-redelivered events and other replicas' leftovers; new events come by {@link #wake}. */
    @Scheduled(fixedDelayString = "${acp.orders.webhooks.poll-interval:PT2S}")
    public void scheduledPoll() {
        poll();
    }

    @PreDestroy
    void stopWaking() {
        wakeRunner.shutdownNow();
    }

    private int poll() {
        try {
            return dispatchDue();
        } catch (RuntimeException e) {
            log.warn("webhook dispatch failed; retrying on the next poll", e);
            return 0;
        }
    }

    /** Sends up to one batch of due deliveries; returns how many were attempted. */
    public int dispatchDue() {
        int attempted = 0;
        while (attempted < config.batchSize() && Boolean.TRUE.equals(transactions.execute(tx -> dispatchOne()))) {
            attempted++;
        }
        return attempted;
    }

    private boolean dispatchOne() {
        var next = outbox.lockNextDue(clock.instant());
        if (next.isEmpty()) {
            return false;
        }
        WebhookOutbox.Delivery delivery = next.get();
        OrderProperties.Endpoint endpoint = endpoints.get(delivery.endpoint());
        Instant now = clock.instant();
        // The POST continues the trace of the order event it tells (stored with the delivery), whenever it is sent.
        Span span = traces.continueFrom(delivery.traceParent()).name("webhook " + delivery.eventType())
                .kind(Span.Kind.CLIENT).tag("acp.order_id", delivery.orderId())
                .tag("acp.webhook.endpoint", delivery.endpoint())
                .tag("acp.webhook.attempt", delivery.attempts() + 1).start();
        WebhookSender.Outcome outcome = null;
        try (var scope = traces.inScope(span)) {
            outcome = endpoint == null
                    ? new WebhookSender.Outcome(null, "endpoint " + delivery.endpoint() + " is no longer configured", 0)
                    : sender.send(URI.create(endpoint.url()), headers(delivery, endpoint, now, traces.of(span)),
                            bytes(delivery));
        } finally {
            if (outcome != null && outcome.statusCode() != null) {
                span.tag("http.response.status_code", outcome.statusCode());
            }
            span.end();
        }
        outbox.recordAttempt(delivery, now, outcome);
        String result;
        if (outcome.delivered()) {
            outbox.markDelivered(delivery, now, outcome.statusCode());
            result = "delivered";
        } else {
            Instant retryAt = retryAt(delivery, now);
            if (retryAt == null) {
                log.warn("parking webhook delivery {} for order {} after {} attempts: {}", delivery.id(),
                        delivery.orderId(), delivery.attempts() + 1, outcome.error());
            }
            outbox.markFailed(delivery, now, outcome, retryAt);
            result = retryAt == null ? "parked" : "failed";
        }
        meters.counter("acp.order.webhook.attempts", "endpoint", delivery.endpoint(), "result", result).increment();
        return true;
    }

    private static byte[] bytes(WebhookOutbox.Delivery delivery) {
        return delivery.body().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(WebhookOutbox.Delivery delivery, OrderProperties.Endpoint endpoint,
            Instant now, String traceParent) {
        long t = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(MerchantSignature.HEADER, MerchantSignature.header(
                endpoint.secret().getBytes(StandardCharsets.UTF_8), t, bytes(delivery)));
        headers.put("Request-Id", delivery.id());
        headers.put("Timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        if (traceParent != null) {
            headers.put(TraceParents.HEADER, traceParent);
        }
        return headers;
    }

    /** The next attempt after a failure, or null to park: past the horizon counted from the first attempt. */
    Instant retryAt(WebhookOutbox.Delivery delivery, Instant now) {
        Instant first = delivery.firstAttemptedAt() == null ? now : delivery.firstAttemptedAt();
        Instant next = now.plus(backoff(delivery.attempts() + 1));
        return next.isAfter(first.plus(config.horizon())) ? null : next;
    }

    /** Exponential backoff for the n-th failed attempt (1-based), capped, with 50–100 % jitter. */
    Duration backoff(int failedAttempts) {
        long initial = config.initialBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        long exponential = failedAttempts >= 31 ? cap : Math.min(cap, initial << Math.min(failedAttempts - 1, 30));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
