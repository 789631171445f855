package org.acpmerchant.platform.ops;

import java.time.Clock;
import javax.sql.DataSource;
import org.acpmerchant.platform.cluster.ClusterLock;
import org.acpmerchant.platform.ops.rebuild.OpsRebuildController;
import org.acpmerchant.platform.ops.rebuild.ProjectionRebuilder;
import org.acpmerchant.platform.ops.rebuild.RebuildableProjection;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ops role in every service: {@code /ops/**} behind its own bearer tokens ({@code acp.ops.token-sha256}), the
 * stored events by session or aggregate, projection replays, and correlation/causation ids on every event.
 */
@AutoConfiguration
@EnableConfigurationProperties(OpsProperties.class)
public class OpsAutoConfiguration {

    @Bean
    public CorrelationDataProvider opsCorrelationDataProvider() {
        return new OpsCorrelation();
    }

    @Bean
    @ConditionalOnMissingBean
    public StoredEvents storedEvents(JdbcTemplate jdbc) {
        return new JdbcStoredEvents(jdbc);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public OpsTokenFilter opsTokenFilter(OpsProperties props,
            org.springframework.beans.factory.ObjectProvider<OpsSessions> sessions,
            org.springframework.beans.factory.ObjectProvider<OpsActionLog> actions) {
        return new OpsTokenFilter(props.tokenSha256(), props.auditorTokenSha256(), sessions.getIfAvailable(),
                actions.getIfAvailable());
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public FilterRegistrationBean<OpsTokenFilter> opsTokenFilterRegistration(OpsTokenFilter filter) {
        FilterRegistrationBean<OpsTokenFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/ops/*");
        return registration;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public OpsEventsController opsEventsController(StoredEvents events,
            @Value("${spring.application.name:service}") String service) {
        return new OpsEventsController(events, service);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public OpsProjectionsController opsProjectionsController(EventProcessingConfiguration processing, JdbcTemplate jdbc,
            OpsProperties props, Clock clock, ProjectionRebuilder rebuilder) {
        return new OpsProjectionsController(processing, jdbc, props.replayableProcessors(), clock, rebuilder);
    }

    /** Rebuilds of the service's {@link RebuildableProjection}s into shadow tables (none: the API answers 404). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public ProjectionRebuilder projectionRebuilder(ObjectProvider<RebuildableProjection<?>> projections,
            JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Qualifier("eventSerializer") Serializer eventSerializer, Serializer serializer, DataSource dataSource,
            Clock clock, @Value("${acp.ops.rebuild-cache-rows:4000}") int cacheRows) {
        return new ProjectionRebuilder(projections.orderedStream().toList(), jdbc, new TransactionTemplate(transactions),
                eventSerializer, serializer, new ClusterLock(dataSource), clock, cacheRows);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public OpsRebuildController opsRebuildController(ProjectionRebuilder rebuilder) {
        return new OpsRebuildController(rebuilder);
    }
}
