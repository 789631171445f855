package org.acpmerchant.platform;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.platform.*}: which topics this service owns (publishes from its event log), how the topics are created
 * when missing, how many consumers a listener runs, how often a consumer commits its offsets, how long closing a
 * consumer may take, how the streaming processors are tuned, and how long the inbox remembers a message.
 */
@ConfigurationProperties("acp.platform")
public record PlatformProperties(
        List<String> ownedTopics, Integer topicPartitions, Short topicReplicas, Duration kafkaSendTimeout,
        Integer listenerConcurrency, Duration offsetCommitInterval, Duration consumerCloseTimeout,
        Processors processors, InboxSettings inbox) {
    public PlatformProperties {
        ownedTopics = ownedTopics == null ? List.of() : List.copyOf(ownedTopics);
        topicPartitions = topicPartitions == null ? 4 : topicPartitions;
        topicReplicas = topicReplicas == null ? 1 : topicReplicas;
        kafkaSendTimeout = kafkaSendTimeout == null ? Duration.ofSeconds(10) : kafkaSendTimeout;
        listenerConcurrency = listenerConcurrency == null ? topicPartitions : listenerConcurrency;
        offsetCommitInterval = offsetCommitInterval == null ? Duration.ofSeconds(1) : offsetCommitInterval;
        consumerCloseTimeout = consumerCloseTimeout == null ? Duration.ofSeconds(1) : consumerCloseTimeout;
        processors = processors == null ? new Processors(null, null, null, null, null, null) : processors;
        inbox = inbox == null ? new InboxSettings(null, null, null) : inbox;
    }

    /**
     * How long the inbox remembers an applied message (ADR 0061): longer than the broker can hold it, since only a
     * message it still holds can be delivered again. The topics keep records 7 days ({@code retention.ms}), and a
     * record lives until its whole segment is past that, up to {@code segment.ms} (7 days by default) more: 15 days.
     * Checked every {@code purgeInterval} (10 min), deleting at most {@code purgeBatch} rows per statement (10,000).
     */
    public record InboxSettings(Duration retention, Duration purgeInterval, Integer purgeBatch) {
        public InboxSettings {
            retention = retention == null ? Duration.ofDays(15) : retention;
            purgeInterval = purgeInterval == null ? Duration.ofMinutes(10) : purgeInterval;
            purgeBatch = purgeBatch == null ? 10_000 : purgeBatch;
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("acp.platform.inbox.retention (" + retention
                        + ") must be at least a day: a redelivery after a consumer's restart must still be recognised");
            }
            if (purgeInterval.isNegative() || purgeInterval.isZero() || purgeBatch < 1) {
                throw new IllegalArgumentException("acp.platform.inbox.purge-interval (" + purgeInterval
                        + ") and purge-batch (" + purgeBatch + ") must be positive");
            }
        }
    }

    /**
     * The tracking processors on the checkout path (the outbox relay, the completion saga): segments and threads per
     * replica, the relay's batch size, how long a claim lasts without being extended (a dead replica's segments move
     * on after it), how often an idle segment wakes to extend its claim (see
     * {@link org.acpmerchant.platform.axon.StreamingProcessors}), and how often that extension is really written
     * ({@link org.acpmerchant.platform.axon.SparingClaimTokenStore}; at most half the claim timeout), and how often
     * the event store reads its table unprompted (a safety net: commits, this replica's and the others', wake it at
     * once; {@link org.acpmerchant.platform.axon.EventStoreWakeups}).
     */
    public record Processors(Integer segments, Integer outboxBatchSize, Duration claimTimeout,
            Duration claimExtension, Duration claimRefresh, Duration storePollInterval) {
        public Processors {
            segments = segments == null ? 1 : segments; // ADR 0054
            outboxBatchSize = outboxBatchSize == null ? 100 : outboxBatchSize;
            claimTimeout = claimTimeout == null ? Duration.ofSeconds(30) : claimTimeout;
            claimExtension = claimExtension == null ? Duration.ofSeconds(5) : claimExtension;
            claimRefresh = claimRefresh == null ? Duration.ofSeconds(10) : claimRefresh;
            storePollInterval = storePollInterval == null ? Duration.ofSeconds(10) : storePollInterval;
            if (claimRefresh.compareTo(claimTimeout.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("acp.platform.processors.claim-refresh (" + claimRefresh
                        + ") must be at most half of claim-timeout (" + claimTimeout + ")");
            }
        }
    }
}
