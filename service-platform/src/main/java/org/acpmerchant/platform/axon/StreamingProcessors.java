package org.acpmerchant.platform.axon;

import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.PlatformProperties;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

/**
 * The one tuning of the tracking processors on the checkout path (the outbox relay, the completion saga): one thread
 * per segment, so sessions proceed in parallel; a thread waits for events on the store's stream (woken at once when
 * one is committed) for at most {@code claim-extension}, then extends its claim and waits again. That bound is also
 * the longest a thread can miss an event: Axon's embedded store checks for a new event before it takes the lock it
 * waits on, so a wake-up sent in between is lost and the thread sleeps out its wait (measured: a 10 s setting held a
 * checkout for 8.5 s). Keep it short (1 s, Axon's default).
 */
public final class StreamingProcessors {

    private StreamingProcessors() {}

    public static TrackingEventProcessorConfiguration parallel(PlatformProperties.Processors settings, int batchSize) {
        long idle = settings.claimExtension().toMillis();
        return TrackingEventProcessorConfiguration.forParallelProcessing(settings.segments())
                .andInitialSegmentsCount(settings.segments())
                .andBatchSize(batchSize)
                .andEventAvailabilityTimeout(idle, TimeUnit.MILLISECONDS)
                .andTokenClaimInterval(idle, TimeUnit.MILLISECONDS);
    }
}
