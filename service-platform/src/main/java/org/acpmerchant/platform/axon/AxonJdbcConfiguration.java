package org.acpmerchant.platform.axon;

import javax.sql.DataSource;
import org.acpmerchant.platform.PlatformProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on the service's own PostgreSQL schema through the JDBC engine: events, snapshots, tokens and sagas in
 * snake_case tables that Flyway owns ({@code db/axon}), payloads as {@code bytea}, Jackson serialization. Declared by
 * hand because Axon's JDBC auto-setup does not activate on Boot 4 without JPA.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@EnableConfigurationProperties(PlatformProperties.class)
public class AxonJdbcConfiguration {

    @Bean
    public RevisionResolver revisionResolver() {
        return new AnnotationRevisionResolver();
    }

    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    /**
     * Snapshots hold an aggregate's private state, which has no getters (domain classes carry no Jackson annotations):
     * they are written and read field by field. With the getter-based mapper a snapshot had no identifier and could not
     * be loaded back, so a session died at its first snapshot once it left the cache.
     */
    static Serializer snapshotSerializer(RevisionResolver revisionResolver) {
        var mapper = AxonJson.newObjectMapper();
        mapper.setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY);
        return jackson(mapper, revisionResolver);
    }

    private static Serializer jackson(RevisionResolver revisionResolver) {
        return jackson(AxonJson.newObjectMapper(), revisionResolver);
    }

    private static Serializer jackson(com.fasterxml.jackson.databind.ObjectMapper mapper,
            RevisionResolver revisionResolver) {
        return JacksonSerializer.builder()
                .objectMapper(mapper)
                .revisionResolver(revisionResolver)
                .lenientDeserialization()
                .build();
    }

    /** Every {@code @Aggregate} made by its constructor at each load, not as a Spring prototype bean (ADR 0063). */
    @Bean
    public static ConstructorAggregateFactories constructorAggregateFactories() {
        return new ConstructorAggregateFactories();
    }

    /** Every aggregate's commands find their target through a search done once per command class (ADR 0048). */
    @Bean
    public CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new SpringConnections(dataSource,
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource)));
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver(DataSource dataSource) throws Exception {
        // PostgreSQL's unique_violation, found anywhere in the cause chain (batch inserts wrap it): two writers of one
        // aggregate become a ConcurrencyException, which callers retry, not an opaque EventStoreException.
        return new SQLStateResolver("23505");
    }

    @Bean
    public EventStorageEngine eventStorageEngine(
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            RevisionResolver revisionResolver,
            PersistenceExceptionResolver persistenceExceptionResolver) {
        return EventEngine.build(JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .snapshotSerializer(snapshotSerializer(revisionResolver))
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .schema(eventSchema()), transactionManager);
    }

    /** Axon's embedded store, woken after the real commit (see {@link CommitAwareEventStore}). */
    @Bean
    public CommitAwareEventStore eventStore(EventStorageEngine storageEngine, EventBusSpanFactory spans,
            PlatformProperties props) {
        return CommitAwareEventStore.on(storageEngine, spans, props.processors().storePollInterval());
    }

    /** The store woken by the other replicas' commits too (ADR 0051). */
    @Bean
    public EventStoreWakeups eventStoreWakeups(DataSource dataSource, CommitAwareEventStore eventStore) {
        return new EventStoreWakeups(dataSource, eventStore);
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
            PlatformProperties props) {
        // Claims last longer than Axon's 10 s, and an idle segment writes its claim once per claim-refresh (10 s), not
        // at every idle wake-up; a dead replica's segments move on after acp.platform.processors.claim-timeout.
        return new SparingClaimTokenStore(JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .claimTimeout(props.processors().claimTimeout())
                .serializer(serializer)
                .schema(tokenSchema())
                .build(), props.processors().claimRefresh());
    }

    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .sqlSchema(new PostgresSagaSqlSchema(SagaSchema.builder()
                        .sagaEntryTable("saga_entry")
                        .sagaIdColumn("saga_id")
                        .revisionColumn("revision")
                        .sagaTypeColumn("saga_type")
                        .serializedSagaColumn("serialized_saga")
                        .associationValueEntryTable("association_value_entry")
                        .associationKeyColumn("association_key")
                        .associationValueColumn("association_value")
                        .build()))
                .build();
    }

    /** The token table as the services' Flyway migrations create it. */
    public static TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    public static EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }
}
