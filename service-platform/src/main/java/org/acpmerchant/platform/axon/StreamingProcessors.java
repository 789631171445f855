package org.acpmerchant.platform.axon;

import java.util.concurrent.TimeUnit;
import org.acpmerchant.platform.PlatformProperties;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;

/**
 * The one tuning of the tracking processors on the checkout path (the outbox relay, the completion saga): one thread
 * per segment, so sessions proceed in parallel; a thread waits for events on the store's stream (woken at once when
 * one is committed) and extends its claim only every {@code claim-extension} while idle, instead of Axon's default of
 * once a second.
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
