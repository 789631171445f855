package org.acpmerchant.orders;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.acpmerchant.orders.order.query.OrderWebhookProjection;
import org.acpmerchant.orders.webhook.WebhookDispatcher;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.messaging.KafkaOutboxRelay;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One order-service context for the *ITs that extend it (started once per JVM, shared through Spring's context cache):
 * a fresh database, the in-process broker, two agent endpoints ({@code agent} on 2026-04-17, {@code legacy-agent} on
 * 2026-01-30), merchant and ops tokens (the ops one next to a rotated one). Every test works on its own orders and
 * filters by their ids; waits end on a positive signal (an inbox row, a processor's position), never a sleep.
 */
@SpringBootTest(
        classes = OrderServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=order-service")
abstract class OrderServiceIntegrationTest {

    static final String SECRET = "whsec_test_secret";
    static final String LEGACY_SECRET = "whsec_test_legacy_secret";
    static final String MERCHANT_TOKEN = "merchant-test-token";
    static final String OPS_TOKEN = "ops-test-token";
    static final String ROTATED_OPS_TOKEN = "old-rotated-token";
    static final WebhookReceiver receiver = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));
    static final WebhookReceiver legacyReceiver = new WebhookReceiver(LEGACY_SECRET.getBytes(StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "orders");
        registry.add("spring.kafka.consumer.group-id", () -> "order-service-" + UUID.randomUUID());
        registry.add("acp.orders.webhooks.endpoints[0].name", () -> "agent");
        registry.add("acp.orders.webhooks.endpoints[0].url", receiver::url);
        registry.add("acp.orders.webhooks.endpoints[0].secret", () -> SECRET);
        registry.add("acp.orders.webhooks.endpoints[0].api-version", () -> "2026-04-17");
        registry.add("acp.orders.webhooks.endpoints[1].name", () -> "legacy-agent");
        registry.add("acp.orders.webhooks.endpoints[1].url", legacyReceiver::url);
        registry.add("acp.orders.webhooks.endpoints[1].secret", () -> LEGACY_SECRET);
        registry.add("acp.orders.webhooks.endpoints[1].api-version", () -> "2026-01-30");
        registry.add("acp.orders.webhooks.allow-private-targets", () -> "true");
        registry.add("acp.orders.webhooks.initial-backoff", () -> "100ms");
        registry.add("acp.orders.webhooks.max-backoff", () -> "400ms");
        registry.add("acp.orders.webhooks.poll-interval", () -> "PT0.05S");
        registry.add("acp.orders.merchant-api-tokens", () -> MERCHANT_TOKEN);
        registry.add("acp.ops.token-sha256[0]", () -> OpsTokenFilter.sha256Hex(ROTATED_OPS_TOKEN));
        registry.add("acp.ops.token-sha256[1]", () -> OpsTokenFilter.sha256Hex(OPS_TOKEN));
    }

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired IntegrationMessageCodec codec;
    @Autowired JdbcTemplate jdbc;
    @Autowired EventProcessingConfiguration processing;
    @Autowired WebhookDispatcher dispatcher;

    @LocalServerPort
    int port;

    /**
     * Waits until the order-webhooks projection and the Kafka relay have handled every event stored so far: what they
     * enqueue or publish for those events is then all there.
     */
    void awaitProcessorsAtHead() {
        long head = jdbc.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class);
        for (String group : new String[] {OrderWebhookProjection.PROCESSING_GROUP, KafkaOutboxRelay.PROCESSING_GROUP}) {
            StreamingEventProcessor processor =
                    processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                var status = processor.processingStatus();
                return !status.isEmpty() && status.values().stream()
                        .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
            });
        }
    }

    /** Runs dispatch passes until one finds nothing due: whatever could be sent now has been. */
    void drainDispatcher() {
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.dispatchDue() == 0);
    }
}
