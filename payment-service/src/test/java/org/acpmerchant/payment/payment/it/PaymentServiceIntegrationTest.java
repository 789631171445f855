package org.acpmerchant.payment.payment.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.acpmerchant.events.Topics;
import org.acpmerchant.payment.PaymentServiceApplication;
import org.acpmerchant.payment.payment.infrastructure.StripePaymentGateway;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.acpmerchant.stripestandin.StripeStandIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One payment-service context for the *ITs that extend it (started once per JVM, shared through Spring's context
 * cache): a fresh database, the in-process broker, one Stripe stand-in for the whole JVM, a gateway that can crash
 * once after an authorization, and an observer of everything published. Tests use their own sessions and payments.
 */
@SpringBootTest(
        classes = PaymentServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=payment-service")
@Import(PaymentServiceIntegrationTest.TestBeans.class)
abstract class PaymentServiceIntegrationTest {

    static final String WEBHOOK_SECRET = "whsec_test_secret";
    /** The slow response (only for {@code spt_test_timeout_succeeded}) outlasts the 1 s read timeout. */
    static final StripeStandIn stripe = new StripeStandIn().start(0).slowResponseDelay(Duration.ofMillis(2500));

    static {
        LocalInfrastructure.atShutdown(stripe::stop);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "payment");
        registry.add("spring.kafka.consumer.group-id", () -> "payment-service-" + UUID.randomUUID());
        registry.add("acp.payment.stripe.api-base", stripe::baseUrl);
        registry.add("acp.payment.stripe.api-key", () -> "sk_test_standin");
        registry.add("acp.payment.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("acp.payment.stripe.read-timeout", () -> "1s");
        registry.add("acp.payment.stripe.deadline", () -> "20s");
        registry.add("acp.payment.stripe.initial-backoff", () -> "100ms");
    }

    @TestConfiguration
    static class TestBeans {
        @Bean
        @Primary
        CrashingPaymentGateway crashingPaymentGateway(StripePaymentGateway real) {
            return new CrashingPaymentGateway(real);
        }

        @Bean
        Observer observer(IntegrationMessageCodec codec) {
            return new Observer(codec);
        }
    }

    /** Everything payment-service publishes. */
    static class Observer {
        final List<IntegrationMessage> messages = new CopyOnWriteArrayList<>();
        private final IntegrationMessageCodec codec;

        Observer(IntegrationMessageCodec codec) {
            this.codec = codec;
        }

        @KafkaListener(id = "payment-it-observer", topics = Topics.PAYMENT_EVENTS, groupId = "payment-it-observer")
        void on(String value) {
            codec.decode(value).ifPresent(messages::add);
        }
    }

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired IntegrationMessageCodec codec;
    @Autowired Observer observer;
    @Autowired JdbcTemplate jdbc;
    @LocalServerPort int port;

    /**
     * Waits for the inbox row of {@code message}: the service has handled it, and every message before it in its
     * topic's partition (same topic and session).
     */
    void awaitHandled(IntegrationMessage message) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ?", Integer.class, message.messageId()) == 1);
    }
}
