package org.acpmerchant.platform.axon;

import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.PlatformProperties;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

/**
 * The one tuning of the tracking processors on the checkout path (the outbox relay, the completion saga): one thread
 * per segment, so sessions proceed in parallel; a thread waits for events on the store's stream, woken at once when
 * one is stored (by this replica or, through {@link EventStoreWakeups}, by another), for at most
 * {@code claim-extension}, then extends its claim and waits again. The wait no longer bounds how late an event can be
 * seen: {@link CommitAwareEventStore}'s streams miss no wake-up (ADR 0051), so the interval (5 s) only paces the claim
 * extensions and how soon an idle thread claims a segment another replica released.
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
