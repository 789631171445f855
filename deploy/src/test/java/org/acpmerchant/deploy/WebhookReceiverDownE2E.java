package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The agent's webhook receiver is down while several checkouts complete through the gateway; when it is back,
 * every order's events arrive, in order, none lost.
 */
class WebhookReceiverDownE2E {

    static final int CHECKOUTS = 5;
    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        stack = LocalStack.start(new LocalStack.Options(LocalInfrastructure.postgresBaseUrl(),
                LocalInfrastructure.kafkaBootstrapServers(), 0, 0, 0, 0, 0, 0, LocalStack.DEFAULT_AGENT_TOKEN,
                LocalStack.DEFAULT_WEBHOOK_SECRET, Map.of("acp.orders.webhooks.initial-backoff", "200ms",
                        "acp.orders.webhooks.max-backoff", "1s")), "acp_e2e_" + System.nanoTime(), System.out);
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void receiverDown_thenBack_everyOrdersEventsArrive_inOrder_noneLost() throws Exception {
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        stack.receiver().setDown(true);
        List<String> orderIds = new ArrayList<>();
        try {
            for (int i = 0; i < CHECKOUTS; i++) {
                orderIds.add(OpsAuditE2E.checkout(agent, i % 2 == 0 ? "tee-red-m" : "ebook-trail-guide")[1]);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.stream().allMatch(id -> orders.queryForObject(
                    "select count(*) from webhook_delivery where order_id = ?", Integer.class, id) >= 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.queryForObject(
                    "select count(distinct order_id) from webhook_delivery where attempts > 0 and status = 'pending'",
                    Integer.class) >= CHECKOUTS);
            Thread.sleep(2000);
        } finally {
            stack.receiver().setDown(false);
        }
        int attemptsWhileDown = stack.receiver().attempts();
        assertThat(stack.receiver().deliveries()).isEmpty();

        await().atMost(Duration.ofSeconds(60)).until(() -> orders.queryForObject(
                "select count(*) from webhook_delivery where status <> 'delivered'", Integer.class) == 0);
        Thread.sleep(1000);
        int sent = 0;
        for (String orderId : orderIds) {
            List<String> expected = orders.queryForList(
                    "select id from webhook_delivery where order_id = ? order by sequence", String.class, orderId);
            List<String> received = stack.receiver().deliveries().stream().filter(d -> d.orderId().equals(orderId))
                    .map(WebhookReceiver.Delivery::requestId).distinct().toList();
            assertThat(received).as("order %s", orderId).isEqualTo(expected);
            assertThat(stack.receiver().deliveries().stream().filter(d -> d.orderId().equals(orderId))
                    .map(WebhookReceiver.Delivery::type).findFirst()).contains("order_create");
            sent += expected.size();
        }
        int attempts = orders.queryForObject("select count(*) from webhook_attempt", Integer.class);
        System.out.printf("[receiver down] %d orders: events sent %d, delivered %d (receipts %d), attempts %d "
                        + "(%d while down, receiver saw %d)%n", CHECKOUTS, sent,
                stack.receiver().deliveries().stream().map(WebhookReceiver.Delivery::requestId).distinct().count(),
                stack.receiver().deliveries().size(), attempts, attemptsWhileDown, stack.receiver().attempts());
        assertThat(stack.receiver().rejectedSignatures()).isZero();
    }
}
