package org.acpmerchant.platform;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.platform.*}: which topics this service owns (publishes from its event log), and how the topics are
 * created when missing.
 */
@ConfigurationProperties("acp.platform")
public record PlatformProperties(
        List<String> ownedTopics, Integer topicPartitions, Short topicReplicas, Duration kafkaSendTimeout) {
    public PlatformProperties {
        ownedTopics = ownedTopics == null ? List.of() : List.copyOf(ownedTopics);
        topicPartitions = topicPartitions == null ? 4 : topicPartitions;
        topicReplicas = topicReplicas == null ? 1 : topicReplicas;
        kafkaSendTimeout = kafkaSendTimeout == null ? Duration.ofSeconds(10) : kafkaSendTimeout;
    }
}
