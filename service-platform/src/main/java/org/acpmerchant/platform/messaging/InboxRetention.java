package org.acpmerchant.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the inbox as large as the window in which a message can come again, not as large as the service's history
 * (ADR 0061): every {@code purgeInterval} it forgets the messages received more than {@code retention} ago. A failed
 * run is logged and the next one comes as planned.
 */
public class InboxRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final Inbox inbox;
    private final Clock clock;
    private final Duration retention;
    private final Duration purgeInterval;
    private final int batch;
    private final Counter forgotten;
    private ScheduledExecutorService scheduler;

    public InboxRetention(Inbox inbox, Clock clock, Duration retention, Duration purgeInterval, int batch,
            MeterRegistry meters) {
        this.inbox = inbox;
        this.clock = clock;
        this.retention = retention;
        this.purgeInterval = purgeInterval;
        this.batch = batch;
        this.forgotten = Counter.builder("acp.inbox.forgotten")
                .description("Inbox rows deleted past the inbox retention (messages the broker no longer holds)")
                .register(meters);
    }

    /**
     * One run: forgets what is past the retention now, {@code batch} rows per statement, pausing after each statement
     * as long as it took, so that a first run on a long-grown inbox takes at most half of one connection's time;
     * returns how many rows. Exceptions propagate; an interrupt ends the run early.
     */
    public long purge() {
        Instant cutoff = clock.instant().minus(retention);
        long total = 0;
        while (true) {
            long started = System.nanoTime();
            int n = inbox.forgetReceivedBefore(cutoff, batch);
            total += n;
            forgotten.increment(n);
            if (n < batch || !pause(Duration.ofNanos(System.nanoTime() - started))) {
                break;
            }
        }
        if (total > 0) {
            log.info("inbox: forgot {} messages received more than {} ago", total, retention);
        }
        return total;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbox-retention");
            t.setDaemon(true);
            return t;
        });
        long every = purgeInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::purgeLogged, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
    }

    private void purgeLogged() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("inbox: purge failed, next try in {}: {}", purgeInterval, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
