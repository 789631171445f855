package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.acpmerchant.deploy.AcpClient.Response;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults mid-saga: a service goes down while a completion is in flight and comes back. Nothing is lost, the session
 * completes, and the buyer is charged exactly once (counted at the Stripe stand-in).
 */
class ServiceRestartE2E {

    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        var options = LocalStack.Options.forTests(LocalInfrastructure.postgresBaseUrl(),
                LocalInfrastructure.kafkaBootstrapServers());
        options = new LocalStack.Options(options.postgresBaseUrl(), options.kafkaBootstrapServers(), 0, 0, 0, 0, 0, 0,
                options.agentToken(), options.webhookSecret(), Map.of("acp.checkout.complete-wait", "PT2S"));
        stack = LocalStack.start(options, "acp_restart_" + System.nanoTime(), System.out);
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void paymentServiceDownDuringComplete_completesOnceItIsBack_withOneCharge() {
        String id = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        stack.stop("payment-service");

        Response pending = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.body().get("status").asText()).isEqualTo("complete_in_progress");
        assertThat(stack.stripe().paymentIntentsCreated(id)).isZero();

        stack.restart("payment-service");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(agent.get("/checkout_sessions/" + id).body().get("status").asText()));
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        String orderId = agent.get("/checkout_sessions/" + id).body().at("/order/id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().stream()
                .anyMatch(d -> d.orderId().equals(orderId) && d.type().equals("order_create")));
    }

    @Test
    void checkoutApiRestartMidSaga_losesNothing() {
        String id = agent.post("/checkout_sessions", createBody("daypack-black", 1)).body().get("id").asText();
        stack.stop("order-service");
        Response pending = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(pending.body().get("status").asText()).isEqualTo("complete_in_progress");
        // The saga now waits for the order; restart the gateway that owns it, then bring order-service back.
        stack.restart("checkout-api");
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        stack.restart("order-service");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(agent.get("/checkout_sessions/" + id).body().get("status").asText()));
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.stripe().captures() >= 1);
    }
}
