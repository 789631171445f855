package org.acpmerchant.platform.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DefaultEventBusSpanFactory;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.tracing.NoOpSpanFactory;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A schema of Axon's tables (events, tokens) in a test database, migrated as the services migrate theirs. */
record AxonSchema(String url, String name) {

    /** A new schema in the database at {@code url}, named after {@code prefix}, with the services' Axon migrations. */
    static AxonSchema migrated(String url, String prefix) {
        var schema = new AxonSchema(url, prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
        // As the services migrate (acp-platform-defaults.properties): no lock held in a transaction, which the
        // concurrent index build would wait for forever.
        Flyway.configure().dataSource(url, "postgres", "").schemas(schema.name()).locations("classpath:db/axon")
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
        return schema;
    }

    /** Connections of their own, each on this schema. */
    DataSource dataSource() {
        var ds = new DriverManagerDataSource(url);
        var props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "");
        props.setProperty("currentSchema", name);
        ds.setConnectionProperties(props);
        return ds;
    }

    /** The engine the services run ({@link EventEngine}), on connections of {@code ds}. */
    static JdbcEventStorageEngine engine(DataSource ds) {
        return EventEngine.build(builder(ds), new SpringTransactionManager(new DataSourceTransactionManager(ds)));
    }

    /** Axon's engine as it comes, every read in a transaction of its own. */
    static JdbcEventStorageEngine stockEngine(DataSource ds) {
        return builder(ds).transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(ds)))
                .build();
    }

    private static JdbcEventStorageEngine.Builder builder(DataSource ds) {
        var serializer = JacksonSerializer.defaultSerializer();
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(ds))
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .schema(AxonJdbcConfiguration.eventSchema());
    }

    /** Stores {@code events} in one transaction, through connections of their own: past any store open on it. */
    void append(List<? extends EventMessage<?>> events) {
        DataSource ds = dataSource();
        JdbcEventStorageEngine engine = engine(ds);
        new TransactionTemplate(new DataSourceTransactionManager(ds))
                .executeWithoutResult(s -> engine.appendEvents(events));
    }

    /** {@code count} events of one aggregate, numbered from 0. */
    static List<GenericDomainEventMessage<String>> events(String aggregate, int count) {
        var events = new ArrayList<GenericDomainEventMessage<String>>();
        for (int i = 0; i < count; i++) {
            events.add(new GenericDomainEventMessage<>("Order", aggregate, i, "event " + i));
        }
        return events;
    }

        static EventBusSpanFactory noSpans() {
        return DefaultEventBusSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }
}
