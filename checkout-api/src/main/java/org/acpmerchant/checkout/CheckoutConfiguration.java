package org.acpmerchant.checkout;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.acpmerchant.checkout.edge.AcpEdgeFilter;
import org.acpmerchant.checkout.edge.AdmissionControl;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.checkout.edge.AgentRateLimiter;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.RequestSignatureVerifier;
import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.edge.versions.MerchantProfile;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.acpmerchant.checkout.session.application.CompletionSaga.CompletionTimeouts;
import org.acpmerchant.checkout.session.application.InterventionPolicy;
import org.acpmerchant.checkout.session.application.PricingQuotes;
import org.acpmerchant.checkout.session.infrastructure.IntegrationEventListener;
import org.acpmerchant.checkout.session.infrastructure.KafkaPricingQuotes;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.checkout.session.query.PricedCheckouts;
import org.acpmerchant.checkout.session.query.SessionSettlements;
import org.acpmerchant.checkout.session.query.SessionViewProjection;
import org.acpmerchant.checkout.session.query.SessionViewRebuild;
import org.acpmerchant.checkout.session.query.SessionViews;
import org.acpmerchant.checkout.session.query.WriteOnlyRecords;
import org.acpmerchant.events.Topics;
import org.acpmerchant.platform.PlatformProperties;
import org.acpmerchant.platform.axon.StreamingProcessors;
import org.acpmerchant.platform.axon.TransactionAwareCache;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** checkout-api's beans, declared explicitly; the domain package is never component-scanned for beans. */
@Configuration
@EnableConfigurationProperties({CheckoutProperties.class, AdmissionControl.Settings.class, AgentRateLimiter.Settings.class})
class CheckoutConfiguration {

    static final String COMPLETION_SAGA_PROCESSOR = "CompletionSagaProcessor";


    @Bean
    SessionViews sessionViews(JdbcTemplate jdbc) {
        return new SessionViews(jdbc);
    }

    @Bean
    SessionSettlements sessionSettlements(DataSource dataSource, JdbcTemplate jdbc) {
        return new SessionSettlements(dataSource, jdbc);
    }

    /**
     * The ACP versions this gateway serves: the released ones ({@link AcpVersions#RELEASES}) and any
     * {@link AcpVersions.Release} bean a deployment adds (a test registers a future version this way).
     */
    @Bean
    AcpVersions acpVersions(CheckoutProperties props, ObjectProvider<AcpVersions.Release> more) {
        return new AcpVersions(MerchantProfile.of(props), more.orderedStream().toList());
    }

    @Bean
    PricedCheckouts pricedCheckouts(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new PricedCheckouts(jdbc, tx);
    }

    @Bean
    SessionViewRebuild sessionViewRebuild() {
        return new SessionViewRebuild();
    }

    @Bean
    SessionViewProjection sessionViewProjection(SessionViews views, SessionSettlements settlements) {
        return new SessionViewProjection(views, settlements);
    }

    @Bean
    WriteOnlyRecords writeOnlyRecords(JdbcTemplate jdbc) {
        return new WriteOnlyRecords(jdbc);
    }

    /**
     * The session view commits with the events; the saga retries a failed step instead of dropping it. The saga runs
     * one thread per segment (Axon places each saga instance in one segment by its id, so one attempt's steps never
     * race), one event per transaction.
     */
    @Bean
    ConfigurerModule checkoutProcessing(PlatformProperties platform) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessorConfiguration(COMPLETION_SAGA_PROCESSOR,
                        c -> StreamingProcessors.parallel(c, COMPLETION_SAGA_PROCESSOR, platform.processors(), 1))
                .registerSubscribingEventProcessor(SessionViewProjection.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(SessionViewProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(COMPLETION_SAGA_PROCESSOR,
                        c -> PropagatingErrorHandler.instance()));
    }

    /**
     * Sessions in memory between the commands of one checkout (about ten), instead of re-reading and deserializing
     * every event with its quote for each; never ahead of the database (see {@link TransactionAwareCache}).
     */
    @Bean
    Cache checkoutSessionCache() {
        return new TransactionAwareCache();
    }

    @Bean
    SnapshotTriggerDefinition checkoutSessionSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 50);
    }

    /**
     * db-scheduler keeps the saga's deadlines in {@code scheduled_tasks}, so they survive a restart; Axon's
     * auto-configuration builds the {@code DbSchedulerDeadlineManager} on this bean and contributes its task.
     */
    @Bean(destroyMethod = "")
    Scheduler dbScheduler(DataSource dataSource, List<Task<?>> axonTasks,
            @Value("${acp.checkout.deadline-polling-interval:PT2S}") Duration pollingInterval) {
        // Deadlines are minutes long; a check every 2 s (not 0.5 s) keeps the idle database quiet.
        return Scheduler.create(dataSource, axonTasks)
                .pollingInterval(pollingInterval)
                .threads(2)
                .heartbeatInterval(Duration.ofSeconds(30))
                .build();
    }

    /** Starts polling once everything else runs (Axon leaves that to the application), stops it first. */
    @Bean
    SmartLifecycle dbSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 100;
            }
        };
    }

    @Bean
    CompletionTimeouts completionTimeouts(CheckoutProperties props) {
        return new CompletionTimeouts(props.completionTimeout(), props.authenticationTimeout());
    }

    /**
     * Every replica reads every quote reply (and keeps those it awaits), so each has a group of its own:
     * {@code <group-id>-replies-<instance>}, the instance being {@code ACP_INSTANCE_ID} (on Kubernetes the pod's name,
     * from the downward API: stable across a container's restarts) where it is set, else a random id. One ACL prefix
     * covers them all.
     */
    @Bean
    ConcurrentMessageListenerContainer<String, String> quoteReplyContainer(ConsumerFactory<String, String> consumers,
            org.springframework.core.env.Environment environment) {
        ContainerProperties container = new ContainerProperties(Topics.QUOTE_REPLIES);
        String instance = environment.getProperty("ACP_INSTANCE_ID", "");
        container.setGroupId(environment.getProperty("spring.kafka.consumer.group-id", "checkout-api") + "-replies-"
                + (instance.isBlank() ? UUID.randomUUID().toString() : instance));
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        container.setKafkaConsumerProperties(overrides);
        return new ConcurrentMessageListenerContainer<>(consumers, container);
    }

    @Bean
    ReplyingKafkaTemplate<String, String, String> quoteTemplate(ProducerFactory<String, String> producers,
            ConcurrentMessageListenerContainer<String, String> quoteReplyContainer) {
        ReplyingKafkaTemplate<String, String, String> template =
                new ReplyingKafkaTemplate<>(producers, quoteReplyContainer);
        template.setSharedReplyTopic(true);
        return template;
    }

    @Bean
    PricingQuotes pricingQuotes(ReplyingKafkaTemplate<String, String, String> quoteTemplate, CheckoutProperties props,
            MeterRegistry meters) {
        return new KafkaPricingQuotes(quoteTemplate, props.quoteTimeout(), meters);
    }

    @Bean
    IntegrationEventListener integrationEventListener(IntegrationEventReceiver receiver, Clock clock) {
        return new IntegrationEventListener(receiver, clock);
    }

    @Bean
    CheckoutSessions checkoutSessions(CommandGateway commands, SessionViews views, SessionSettlements settlements,
            PricingQuotes pricing, Clock clock,
            CheckoutProperties props, TransactionTemplate tx, IdempotencyStore idempotency, MeterRegistry meters) {
        return new CheckoutSessions(commands, views, settlements, pricing, clock, props.sessionTtl(),
                props.completeWait(),
                List.of(props.paymentHandler().id()), tx, idempotency,
                new InterventionPolicy(props.sellerInterventions(), props.requiredInterventions(),
                        props.interventionEnforcement()),
                props.marketingConsentOptions().stream().map(CheckoutProperties.ConsentOption::channel).toList())
                .meteredBy(meters);
    }

    @Bean
    AcpRequestParser acpRequestParser() {
        return new AcpRequestParser();
    }

    @Bean
    AcpSessionRenderer acpSessionRenderer(CheckoutProperties props, WriteOnlyRecords writeOnlyRecords) {
        return new AcpSessionRenderer(props, writeOnlyRecords::isSubscribed);
    }

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, CheckoutProperties props,
            MeterRegistry meters) {
        return new IdempotencyStore(jdbc, tx, clock, props.idempotencyRetention(),
                props.completeWait().plusSeconds(30)).meteredBy(meters);
    }

    @Bean
    AgentAuthenticator agentAuthenticator(CheckoutProperties props) {
        return new AgentAuthenticator(props.agents());
    }

    @Bean
    org.acpmerchant.checkout.edge.AcpRequestObservations acpRequestObservations() {
        return new org.acpmerchant.checkout.edge.AcpRequestObservations();
    }

    @Bean
    AgentRateLimiter agentRateLimiter(AgentRateLimiter.Settings settings) {
        return new AgentRateLimiter(settings, System::nanoTime);
    }

    /** On every path (it lets the public ones through), after the path firewall, before admission. */
    @Bean
    FilterRegistrationBean<AcpEdgeFilter> acpEdgeFilter(CheckoutProperties props, Clock clock,
            AgentAuthenticator agentAuthenticator, AgentRateLimiter agentRateLimiter, MeterRegistry meters,
            AcpVersions versions) {
        Map<String, RequestSignatureVerifier.Settings> signing = new HashMap<>();
        props.agents().stream()
                .filter(a -> a.signature() != null && a.signature().required())
                .forEach(a -> signing.put(a.id(), new RequestSignatureVerifier.Settings(
                        a.signature().algorithm(), a.signature().key(), a.signature().maxSkew())));
        var registration = new FilterRegistrationBean<>(new AcpEdgeFilter(agentAuthenticator,
                props.maxBodyBytes(), signing, new RequestSignatureVerifier(clock), agentRateLimiter).meteredBy(meters)
                .serving(versions.names()));
        registration.addUrlPatterns("/*");
        registration.setOrder(ADMISSION_ORDER - 1);
        return registration;
    }

    /** After authentication (a stranger is told 401, not 503), before any work. */
    @Bean
    FilterRegistrationBean<AdmissionControl> admissionControl(AdmissionControl.Settings settings, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new AdmissionControl(settings, meters));
        // MCP calls (any tool) share the creates'/updates' room: the binding is not a way around the limits.
        registration.addUrlPatterns("/checkout_sessions", "/checkout_sessions/*", "/carts", "/carts/*", "/mcp");
        registration.setOrder(ADMISSION_ORDER);
        return registration;
    }

    private static final int ADMISSION_ORDER = 100;
}
