package org.acpmerchant.platform.ops;

import java.time.Clock;
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
            OpsProperties props, Clock clock) {
        return new OpsProjectionsController(processing, jdbc, props.replayableProcessors(), clock);
    }
}
