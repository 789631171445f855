package org.acpmerchant.checkout.it;

import org.acpmerchant.checkout.CheckoutApiApplication;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One checkout-api context for every HTTP-level test (started once, shared): a fresh database on a real PostgreSQL,
 * the in-process Kafka broker, the stand-in pricing responder, and two agents — {@code chatgpt} with a token and a
 * rotated one, {@code other-agent} with its own.
 */
@SpringBootTest(classes = {CheckoutApiApplication.class, CheckoutApiIntegrationTest.Responder.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=checkout-api")
abstract class CheckoutApiIntegrationTest {

    static final String TOKEN = "test-agent-token";
    static final String ROTATED = "rotated-agent-token";
    static final String OTHER_TOKEN = "other-token";

    @TestConfiguration
    static class Responder {
        @Bean
        PricingResponder pricingResponder() {
            return new PricingResponder();
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "checkout");
        // No stock or payment service answers here, so a complete never settles: it returns complete_in_progress
        // after this wait (8 s by default), with its effect already stored.
        registry.add("acp.checkout.complete-wait", () -> "PT0.5S");
        registry.add("acp.checkout.agents[0].id", () -> "chatgpt");
        registry.add("acp.checkout.agents[0].token-sha256[0]", () -> AgentAuthenticator.sha256Hex(TOKEN));
        registry.add("acp.checkout.agents[0].token-sha256[1]", () -> AgentAuthenticator.sha256Hex(ROTATED));
        registry.add("acp.checkout.agents[1].id", () -> "other-agent");
        registry.add("acp.checkout.agents[1].token-sha256[0]", () -> AgentAuthenticator.sha256Hex(OTHER_TOKEN));
        registry.add("acp.checkout.marketing-consent-options[0].channel", () -> "email");
        registry.add("acp.checkout.marketing-consent-options[0].display-text", () -> "Product news and offers");
        registry.add("acp.checkout.marketing-consent-options[0].privacy-policy-url",
                () -> "https://merchant.example/privacy");
        registry.add("acp.checkout.marketing-consent-options[1].channel", () -> "sms");
        registry.add("acp.checkout.marketing-consent-options[1].display-text", () -> "Order texts and offers");
        registry.add("acp.checkout.marketing-consent-options[1].privacy-policy-url",
                () -> "https://merchant.example/privacy");
    }

    @LocalServerPort
    int port;
}
