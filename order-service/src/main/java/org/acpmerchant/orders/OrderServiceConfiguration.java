package org.acpmerchant.orders;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.orders.ops.AuditSource;
import org.acpmerchant.orders.ops.HttpAuditSource;
import org.acpmerchant.orders.ops.LocalAuditSource;
import org.acpmerchant.orders.ops.OpsAudit;
import org.acpmerchant.orders.ops.console.ConsoleHeadersFilter;
import org.acpmerchant.orders.ops.console.ConsoleStore;
import org.acpmerchant.orders.order.infrastructure.OrderEventListener;
import org.acpmerchant.orders.order.query.OrderViewRebuild;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.orders.order.query.OrderWebhookProjection;
import org.acpmerchant.orders.webhook.HttpWebhookSender;
import org.acpmerchant.orders.webhook.WebhookDispatcher;
import org.acpmerchant.orders.webhook.WebhookMetrics;
import org.acpmerchant.orders.webhook.WebhookOutbox;
import org.acpmerchant.orders.webhook.WebhookSender;
import org.acpmerchant.orders.webhook.WebhookTargetPolicy;
import org.acpmerchant.platform.messaging.IntegrationEventReceiver;
import org.acpmerchant.platform.ops.OpsProperties;
import org.acpmerchant.platform.ops.StoredEvents;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.acpmerchant.platform.tracing.TraceParents;
import org.acpmerchant.platform.web.MerchantApiTokenFilter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires order-service: the Kafka listener, the order projection, the webhook outbox and dispatcher, the merchant API,
 * and the ops audit facade.
 */
@Configuration
@EnableScheduling
@EnableConfigurationProperties(OrderProperties.class)
class OrderServiceConfiguration {

    @Bean
    OrderViewRepository orderViewRepository(JdbcTemplate jdbc) {
        return new OrderViewRepository(jdbc);
    }

    @Bean
    OrderEventListener orderEventListener(
            IntegrationEventReceiver receiver, OrderViewRepository views, Clock clock, OrderProperties props) {
        return new OrderEventListener(receiver, views, clock, props.permalinkBaseUrl(),
                "merchant".equals(props.confirmation()));
    }

    /** The ops console's sessions and the ops action record (ADR 0029). */
    @Bean
    ConsoleStore consoleStore(JdbcTemplate jdbc, Clock clock) {
        return new ConsoleStore(jdbc, clock);
    }

    @Bean
    FilterRegistrationBean<ConsoleHeadersFilter> consoleHeaders() {
        var registration = new FilterRegistrationBean<>(new ConsoleHeadersFilter());
        registration.addUrlPatterns("/console/*", "/console", "/ops/*");
        return registration;
    }

    @Bean
    WebhookOutbox webhookOutbox(JdbcTemplate jdbc, OrderProperties props) {
        return new WebhookOutbox(jdbc, props.webhooks().endpoints());
    }

    @Bean
    WebhookMetrics webhookMetrics(JdbcTemplate jdbc, Clock clock, OrderProperties props,
            io.micrometer.core.instrument.MeterRegistry meters) {
        return new WebhookMetrics(jdbc, clock, props.webhooks().endpoints().stream()
                .map(OrderProperties.Endpoint::name).toList(), meters);
    }

    @Bean
    OrderWebhookProjection orderWebhookProjection(OrderViewRepository views, WebhookOutbox outbox, Clock clock,
            TraceParents traces) {
        return new OrderWebhookProjection(views, outbox, clock, traces);
    }

    @Bean
    UpstreamAuthorization upstreamAuthorization(@Value("${acp.ops.upstream-token:}") String token) {
        return new UpstreamAuthorization(token);
    }

    @Bean
    OrderViewRebuild orderViewRebuild() {
        return new OrderViewRebuild();
    }

    @Bean
    ConfigurerModule orderWebhooksProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessorConfiguration(
                        OrderWebhookProjection.PROCESSING_GROUP,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(20)
                                // woken by the store's stream when events arrive, which loses no wake-up (ADR 0051);
                                // idle, wake and extend the claim every 10 s
                                .andEventAvailabilityTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                                .andTokenClaimInterval(10, java.util.concurrent.TimeUnit.SECONDS)));
    }

    @Bean
    WebhookSender webhookSender(OrderProperties props) {
        OrderProperties.Webhooks webhooks = props.webhooks();
        return new HttpWebhookSender(webhooks.connectTimeout(), webhooks.requestTimeout(),
                new WebhookTargetPolicy(webhooks.allowPrivateTargets()));
    }

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookOutbox outbox, WebhookSender sender,
            PlatformTransactionManager transactionManager, Clock clock, OrderProperties props, MeterRegistry meters,
            TraceParents traces) {
        return new WebhookDispatcher(outbox, sender, new TransactionTemplate(transactionManager), clock,
                props.webhooks(), meters, traces);
    }

    /** The audit facade's sources: checkout, pricing, payment over HTTP, orders locally unless a URL is set. */
    @Bean
    OpsAudit opsAudit(OpsProperties ops, StoredEvents storedEvents) {
        List<AuditSource> sources = new ArrayList<>();
        for (String name : List.of("checkout", "pricing", "payment", "orders")) {
            String url = ops.services().get(name);
            if (url != null && !url.isBlank()) {
                sources.add(new HttpAuditSource(name, url));
            } else if (name.equals("orders")) {
                sources.add(new LocalAuditSource(name, storedEvents));
            }
        }
        return new OpsAudit(sources, storedEvents);
    }

    @Bean
    FilterRegistrationBean<MerchantApiTokenFilter> merchantApiTokenFilter(OrderProperties props) {
        FilterRegistrationBean<MerchantApiTokenFilter> registration =
                new FilterRegistrationBean<>(new MerchantApiTokenFilter(props.merchantApiTokens()));
        registration.addUrlPatterns("/merchant/*");
        return registration;
    }
}
