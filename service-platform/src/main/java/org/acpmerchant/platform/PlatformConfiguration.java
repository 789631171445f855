package org.acpmerchant.platform;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.acpmerchant.events.Topics;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.acpmerchant.platform.messaging.Inbox;
import org.acpmerchant.platform.messaging.InboxCommandInterceptor;
import org.acpmerchant.platform.messaging.InboxRetention;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.messaging.KafkaOutboxRelay;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.acpmerchant.platform.axon.StreamingProcessors;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.acpmerchant.platform.messaging.BoundedConsumerClose;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/** What every service gets: the clock, the outbox relay, the inbox, topics, and Kafka error handling. */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** Copies the audit keys from a command onto every event it causes (Axon's correlation data). */
    @Bean
    public CorrelationDataProvider auditCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(AuditMetadata.KEYS.toArray(String[]::new));
    }

    @Bean
    public IntegrationMessageCodec integrationMessageCodec() {
        return new IntegrationMessageCodec();
    }

    /** A plain template next to any {@code ReplyingKafkaTemplate} a service declares (which would hide Boot's). */
    @Bean
    @Primary
    public KafkaTemplate<String, String> kafkaTemplate(ProducerFactory<String, String> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    public KafkaOutboxRelay kafkaOutboxRelay(
            KafkaTemplate<String, String> kafkaTemplate, IntegrationMessageCodec codec, PlatformProperties props) {
        return new KafkaOutboxRelay(
                kafkaTemplate, codec, new HashSet<>(props.ownedTopics()), props.kafkaSendTimeout().toMillis());
    }

    /**
     * The relay runs one thread per segment: segments send in parallel, each batch in one round trip to the
     * broker (see {@link KafkaOutboxRelay}). Events are sequenced by the Kafka key (the session id), so one session's
     * events stay in one segment and in order.
     */
    @Bean
    public ConfigurerModule kafkaOutboxProcessor(PlatformProperties props) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessorConfiguration(KafkaOutboxRelay.PROCESSING_GROUP,
                        c -> StreamingProcessors.parallel(c, KafkaOutboxRelay.PROCESSING_GROUP, props.processors(),
                                props.processors().outboxBatchSize()))
                .registerSequencingPolicy(KafkaOutboxRelay.PROCESSING_GROUP, c -> KafkaOutboxRelay.BY_KAFKA_KEY));
    }

    /**
     * Producers send at once ({@code linger.ms=0}): every record on the checkout path is a step some buyer waits for,
     * and the relay already batches what it has. Set {@code spring.kafka.producer.properties.linger.ms} to override.
     */
    @Bean
    public DefaultKafkaProducerFactoryCustomizer acpProducerDefaults() {
        return factory -> {
            Map<String, Object> defaults = new HashMap<>();
            defaults.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            defaults.keySet().removeAll(factory.getConfigurationProperties().keySet());
            factory.updateConfigs(defaults);
        };
    }

    /** Consumers close within {@code acp.platform.consumer-close-timeout}: {@link BoundedConsumerClose}. */
    @Bean
    public DefaultKafkaConsumerFactoryCustomizer acpConsumerClose(PlatformProperties props) {
        return factory -> factory.addPostProcessor(consumer -> BoundedConsumerClose.wrap(consumer,
                props.consumerCloseTimeout()));
    }

    @Bean
    public Inbox inbox(JdbcTemplate jdbcTemplate) {
        return new Inbox(jdbcTemplate);
    }

    @Bean
    public InboxRetention inboxRetention(Inbox inbox, Clock clock, PlatformProperties props,
            ObjectProvider<MeterRegistry> meters) {
        PlatformProperties.InboxSettings settings = props.inbox();
        return new InboxRetention(inbox, clock, settings.retention(), settings.purgeInterval(), settings.purgeBatch(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Axon registers handler-interceptor beans on the command bus itself; registering it again would skip handlers. */
    @Bean
    public InboxCommandInterceptor inboxCommandInterceptor(Inbox inbox) {
        return new InboxCommandInterceptor(inbox);
    }

    @Bean
    public IntegrationEventReceiver integrationEventReceiver(
            IntegrationMessageCodec codec, CommandGateway commandGateway) {
        return new IntegrationEventReceiver(codec, commandGateway);
    }

    @Bean
    public KafkaAdmin.NewTopics acpTopics(PlatformProperties props) {
        return new KafkaAdmin.NewTopics(Stream.concat(Topics.INTEGRATION.stream(),
                        Stream.of(Topics.QUOTE_REQUESTS, Topics.QUOTE_REPLIES))
                .flatMap(name -> Stream.of(name, name + DEAD_LETTER_SUFFIX))
                .map(name -> TopicBuilder.name(name)
                        .partitions(props.topicPartitions())
                        .replicas(props.topicReplicas())
                        .build())
                .toArray(NewTopic[]::new));
    }

    /**
     * Declared here, not by Boot, so that {@code @SendTo} replies always use the plain template even where a service
     * also declares a {@code ReplyingKafkaTemplate} (which would leave Boot's factory without a reply template).
     */
    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
            ConsumerFactory<String, String> consumerFactory,
            KafkaTemplate<String, String> kafkaTemplate,
            DefaultErrorHandler kafkaErrorHandler,
            PlatformProperties props) {
        return listenerContainerFactory(consumerFactory, kafkaTemplate, kafkaErrorHandler, props);
    }

    /**
     * Like {@link #kafkaListenerContainerFactory}, for batch listeners that hand a poll's records to a
     * {@link org.acpmerchant.platform.messaging.KeyOrderedBatch} (ADR 0058). The same error handler: such a listener
     * throws a {@code BatchListenerFailedException} naming the record that failed.
     */
    @Bean
    public ConcurrentKafkaListenerContainerFactory<String, String> batchKafkaListenerContainerFactory(
            ConsumerFactory<String, String> consumerFactory,
            KafkaTemplate<String, String> kafkaTemplate,
            DefaultErrorHandler kafkaErrorHandler,
            PlatformProperties props) {
        var factory = listenerContainerFactory(consumerFactory, kafkaTemplate, kafkaErrorHandler, props);
        factory.setBatchListener(true);
        return factory;
    }

    /** The name of {@link #batchKafkaListenerContainerFactory}, for {@code @KafkaListener(containerFactory = ...)}. */
    public static final String BATCH_LISTENER_FACTORY = "batchKafkaListenerContainerFactory";

    private static ConcurrentKafkaListenerContainerFactory<String, String> listenerContainerFactory(
            ConsumerFactory<String, String> consumerFactory,
            KafkaTemplate<String, String> kafkaTemplate,
            DefaultErrorHandler kafkaErrorHandler,
            PlatformProperties props) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumerFactory);
        factory.setReplyTemplate(kafkaTemplate);
        factory.setCommonErrorHandler(kafkaErrorHandler);
        // One consumer per partition, so one slow step does not hold up every other session's. Offsets are committed
        // without waiting and at most once per offset-commit-interval (1 s), when the consumer next polls, and when its
        // partitions are revoked or it stops: a consumer receives far less than a record per 100 ms, so a shorter
        // interval meant a commit, a broker request and an append to __consumer_offsets per record (ADR 0039). A
        // redelivery after a crash is absorbed by the inbox, as before.
        factory.setConcurrency(props.listenerConcurrency());
        factory.getContainerProperties().setSyncCommits(false);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.TIME);
        factory.getContainerProperties().setAckTime(props.offsetCommitInterval().toMillis());
        return factory;
    }

    /**
     * A failing message is the only copy of a saga step, so it is never simply dropped. Infrastructure failures — the
     * database or broker unreachable or restarting, a pool exhausted, a concurrency conflict — are retried with
     * backoff (200 ms doubling, up to 10 s apart) for as long as they last. Anything else (a poison message: retrying
     * cannot fix it) is tried once more at once, then published with its exception headers to {@code <topic>.DLT}
     * for ops to inspect and redeliver: it never holds up the messages of other sessions behind it on its partition.
     */
    @Bean
    public DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> kafkaTemplate,
            ObjectProvider<MeterRegistry> meters) {
        FixedBackOff once = new FixedBackOff(0, 1);
        ExponentialBackOff untilItRecovers = new ExponentialBackOff(200, 2.0);
        untilItRecovers.setMaxInterval(10_000);
        untilItRecovers.setMaxElapsedTime(Long.MAX_VALUE);
        var deadLetters = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, e) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, -1));
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        // At zero from the start for the event topics, so dashboards and alerts see the series before any dead letter.
        for (String topic : Topics.INTEGRATION) {
            deadLetterCounter(registry, topic);
        }
        ConsumerRecordRecoverer counted = (record, e) -> {
            deadLetterCounter(registry, record.topic()).increment();
            deadLetters.accept(record, e);
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(counted, once);
        handler.setBackOffFunction((record, e) -> TransientFailures.isTransient(e) ? untilItRecovers : null);
        handler.addNotRetryableExceptions(IntegrationMessageCodec.MalformedIntegrationMessageException.class);
        // A retry redelivers the records already polled, kept in memory while the consumer pauses, instead of seeking
        // back and fetching them again: that fetch waited behind the one in flight, up to fetch.max.wait (5 s), on
        // every retry (ADR 0037). A partition revoked meanwhile drops them; its next owner reads from the last commit.
        handler.setSeekAfterError(false);
        return handler;
    }

    private static Counter deadLetterCounter(MeterRegistry registry, String topic) {
        return Counter.builder("acp.kafka.dead.letters").description("Messages sent to their dead-letter topic")
                .tag("topic", topic).register(registry);
    }

    /** Where a message that keeps failing for a reason other than infrastructure ends up. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";
}
