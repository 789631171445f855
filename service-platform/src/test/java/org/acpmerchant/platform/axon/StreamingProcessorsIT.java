package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.acpmerchant.platform.PlatformProperties;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The processors on the checkout path run one segment by default (ADR 0054), and never fewer threads than their token
 * store has segments: a deployment that ran with more segments keeps them, and a segment without a thread would never
 * be processed. Against a real token store and event table in PostgreSQL.
 */
class StreamingProcessorsIT {

    private static String url;
    private AxonSchema schema;
    private TokenStore tokens;
    private TransactionManager transactions;

    @BeforeAll
    static void database() {
        url = LocalInfrastructure.newDatabase("segments");
    }

    @BeforeEach
    void store() {
        schema = AxonSchema.migrated(url, "seg");
        DataSource ds = schema.dataSource();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(ds));
        tokens = JdbcTokenStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(ds))
                .serializer(JacksonSerializer.defaultSerializer())
                .schema(AxonJdbcConfiguration.tokenSchema())
                .build();
    }

    static Stream<Arguments> askedAndStored() {
        return IntStream.rangeClosed(1, 3).boxed()
                .flatMap(asked -> IntStream.of(0, 1, 2, 4).mapToObj(stored -> Arguments.of(asked, stored)));
    }

    @ParameterizedTest(name = "{0} asked, {1} stored")
    @MethodSource("askedAndStored")
    void threads_areTheSegmentsAsked_orThoseStored_ifMore(int asked, int stored) {
        if (stored > 0) {
            transactions.executeInTransaction(() -> tokens.initializeTokenSegments("relay", stored));
        }
        transactions.executeInTransaction(() -> tokens.initializeTokenSegments("another", 8));

        assertThat(StreamingProcessors.threads(tokens, transactions, "relay", asked)).isEqualTo(Math.max(asked, stored));
    }

    @ParameterizedTest(name = "{0} segments stored, 1 asked")
    @ValueSource(ints = {2, 3})
    void aProcessorAskedForOneSegment_processesEverySegmentItsStoreHas(int stored) throws Exception {
        transactions.executeInTransaction(() -> tokens.initializeTokenSegments("relay", stored));
        var settings = new PlatformProperties.Processors(1, null, null, Duration.ofMillis(200), null, null);
        var store = CommitAwareEventStore.on(AxonSchema.engine(schema.dataSource()), AxonSchema.noSpans(),
                Duration.ofMillis(200));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        var processor = TrackingEventProcessor.builder()
                .name("relay")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers((EventMessageHandler) event -> {
                            seen.add(((GenericDomainEventMessage<?>) event).getAggregateIdentifier());
                            return null;
                        })
                        .sequencingPolicy(SequentialPerAggregatePolicy.instance())
                        .build())
                .messageSource(store)
                .tokenStore(tokens)
                .transactionManager(transactions)
                .trackingEventProcessorConfiguration(
                        StreamingProcessors.parallel(tokens, transactions, "relay", settings, 10))
                .build();
        List<String> aggregates = IntStream.range(0, 24).mapToObj(i -> "session-" + i).toList();
        var events = new ArrayList<GenericDomainEventMessage<String>>();
        aggregates.forEach(a -> events.add(new GenericDomainEventMessage<>("Session", a, 0, "created")));
        schema.append(events);

        processor.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < aggregates.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).as("every session, whichever segment it falls in").containsExactlyInAnyOrderElementsOf(
                    aggregates);
            assertThat(processor.processingStatus()).as("a thread on each stored segment").hasSize(stored);
        } finally {
            processor.shutDown();
            store.shutDown();
        }
    }
}
