package org.acpmerchant.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka consumer lag per consumer group and topic ({@code acp_kafka_consumer_lag_records{group,topic}}): the records
 * on the topic's partitions after the group's committed offsets, summed over partitions. Kafka's client reports only
 * the largest lag of one consumer's partitions; this answers "which topic is behind, for which service". Read from the
 * broker at most every {@code refresh} (scrapes in between see the last reading), with a bounded wait.
 */
public class KafkaConsumerLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerLag.class);

    private final ObjectProvider<KafkaAdmin> kafkaAdmin;
    private final Duration refresh;
    private final Map<String, Set<String>> topicsByGroup = new ConcurrentHashMap<>();
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private volatile Admin admin;
    private volatile long readAt;

    public KafkaConsumerLag(ObjectProvider<KafkaAdmin> kafkaAdmin, Duration refresh) {
        this.kafkaAdmin = kafkaAdmin;
        this.refresh = refresh;
    }

    /** A gauge for each of a group's topics (groups and topics are a fixed, small set per service). */
    public void register(MeterRegistry meters, String group, Set<String> topics) {
        topicsByGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).addAll(topics);
        for (String topic : topics) {
            Gauge.builder("acp.kafka.consumer.lag", this, m -> m.read(group, topic))
                    .description("Records on the topic after the consumer group's committed offsets")
                    .baseUnit("records").tag("group", group).tag("topic", topic)
                    .register(meters);
        }
    }

    private double read(String group, String topic) {
        if (System.nanoTime() - readAt > refresh.toNanos()) {
            synchronized (this) {
                if (System.nanoTime() - readAt > refresh.toNanos()) {
                    refresh();
                    readAt = System.nanoTime();
                }
            }
        }
        return lag.getOrDefault(group + "|" + topic, Double.NaN);
    }

    private void refresh() {
        try {
            Admin client = admin();
            for (Map.Entry<String, Set<String>> entry : topicsByGroup.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(entry.getKey())
                        .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>();
                client.describeTopics(entry.getValue()).allTopicNames().get(2, TimeUnit.SECONDS)
                        .forEach((name, description) -> description.partitions()
                                .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = client.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
                Map<String, Double> sums = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    long end = ends.get(partition).offset();
                    OffsetAndMetadata at = committed.get(partition);
                    // a partition the group has not committed on yet counts nothing: it is new to it
                    long behind = at == null ? 0 : Math.max(0, end - at.offset());
                    sums.merge(partition.topic(), (double) behind, Double::sum);
                }
                sums.forEach((topic, value) -> lag.put(entry.getKey() + "|" + topic, value));
            }
        } catch (Exception e) {
            log.debug("consumer lag not read this time: {}", e.toString());
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafkaAdmin.getObject().getConfigurationProperties());
        }
        return admin;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
