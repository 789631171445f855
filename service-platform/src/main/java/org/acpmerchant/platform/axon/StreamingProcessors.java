package org.acpmerchant.platform.axon;

import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.PlatformProperties;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one tuning of the tracking processors on the checkout path (the outbox relay, the completion saga): one thread
 * per segment, so sessions proceed in parallel; a thread waits for events on the store's stream, woken at once when
 * one is stored (by this replica or, through {@link EventStoreWakeups}, by another), for at most
 * {@code claim-extension}, then extends its claim and waits again. The wait no longer bounds how late an event can be
 * seen: {@link CommitAwareEventStore}'s streams miss no wake-up (ADR 0051), so the interval (5 s) only paces the claim
 * extensions and how soon an idle thread claims a segment another replica released.
 *
 * <p>Every thread of a tracking processor reads every event and stores its token after each batch, its segment's or
 * not, so a segment costs work per event whether or not it has anything to do. One segment per processor is the
 * default (ADR 0054); a deployment of several replicas sets {@code acp.platform.processors.segments} to share the work.
 * A processor never runs fewer threads than its token store has segments: a segment without a thread would stand
 * still, so lowering the setting on a running deployment keeps the segments it has.
 */
public final class StreamingProcessors {

    private static final Logger log = LoggerFactory.getLogger(StreamingProcessors.class);

    private StreamingProcessors() {}

    public static TrackingEventProcessorConfiguration parallel(Configuration axon, String processor,
            PlatformProperties.Processors settings, int batchSize) {
        return parallel(axon.getComponent(TokenStore.class), axon.getComponent(TransactionManager.class), processor,
                settings, batchSize);
    }

    static TrackingEventProcessorConfiguration parallel(TokenStore tokens, TransactionManager transactions,
            String processor, PlatformProperties.Processors settings, int batchSize) {
        int threads = threads(tokens, transactions, processor, settings.segments());
        long idle = settings.claimExtension().toMillis();
        return TrackingEventProcessorConfiguration.forParallelProcessing(threads)
                .andInitialSegmentsCount(settings.segments())
                .andBatchSize(batchSize)
                .andEventAvailabilityTimeout(idle, TimeUnit.MILLISECONDS)
                .andTokenClaimInterval(idle, TimeUnit.MILLISECONDS);
    }

    /** Threads for {@code processor}: the segments asked for, or as many as its token store already has, if more. */
    static int threads(TokenStore tokens, TransactionManager transactions, String processor, int segments) {
        int stored = transactions.fetchInTransaction(() -> tokens.fetchSegments(processor)).length;
        if (stored > segments) {
            log.info("processor {} has {} segments in its token store: it runs {} threads, not the {} of"
                    + " acp.platform.processors.segments", processor, stored, stored, segments);
        }
        return Math.max(segments, stored);
    }
}
