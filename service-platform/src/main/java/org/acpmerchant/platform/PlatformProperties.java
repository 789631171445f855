package org.acpmerchant.platform;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.platform.*}: which topics this service owns (publishes from its event log), how the topics are created
 * when missing, how many consumers a listener runs, how often a consumer commits its offsets, how long closing a
 * consumer may take, and how the streaming processors are tuned.
 */
@ConfigurationProperties("acp.platform")
public record PlatformProperties(
        List<String> ownedTopics, Integer topicPartitions, Short topicReplicas, Duration kafkaSendTimeout,
        Integer listenerConcurrency, Duration offsetCommitInterval, Duration consumerCloseTimeout,
        Processors processors) {
    public PlatformProperties {
        ownedTopics = ownedTopics == null ? List.of() : List.copyOf(ownedTopics);
        topicPartitions = topicPartitions == null ? 4 : topicPartitions;
        topicReplicas = topicReplicas == null ? 1 : topicReplicas;
        kafkaSendTimeout = kafkaSendTimeout == null ? Duration.ofSeconds(10) : kafkaSendTimeout;
        listenerConcurrency = listenerConcurrency == null ? topicPartitions : listenerConcurrency;
        offsetCommitInterval = offsetCommitInterval == null ? Duration.ofSeconds(1) : offsetCommitInterval;
        consumerCloseTimeout = consumerCloseTimeout == null ? Duration.ofSeconds(1) : consumerCloseTimeout;
        processors = processors == null ? new Processors(null, null, null, null, null, null) : processors;
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
