package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The agent's webhook receiver is down while several checkouts complete through the gateway; when it is back,
 * every order's events arrive, in order, none lost.
 */
@ExtendWith(SharedStack.class)
class WebhookReceiverDownE2E {

    static final int CHECKOUTS = 5;
    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SharedStack.stack();
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @Test
    void receiverDown_thenBack_everyOrdersEventsArrive_inOrder_noneLost() throws Exception {
        JdbcTemplate orders = stack.context("order-service").getBean(JdbcTemplate.class);
        stack.receiver().setDown(true);
        List<String> orderIds = new ArrayList<>();
        int attemptsWhileDown;
        try {
            for (int i = 0; i < CHECKOUTS; i++) {
                orderIds.add(OpsAuditE2E.checkout(agent, i % 2 == 0 ? "tee-red-m" : "ebook-trail-guide")[1]);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.stream().allMatch(id -> orders.queryForObject(
                    "select count(*) from webhook_delivery where order_id = ?", Integer.class, id) >= 2));
            // every order's first event refused once, then once more after its backoff: retried while down
            await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(id -> orders.queryForObject(
                    "select coalesce(max(attempts), 0) from webhook_delivery where order_id = ? and status = 'pending'",
                    Integer.class, id) >= 2));
            attemptsWhileDown = stack.receiver().attempts();
            assertThat(stack.receiver().deliveries()).noneMatch(d -> orderIds.contains(d.orderId()));
        } finally {
            stack.receiver().setDown(false);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> orderIds.stream().allMatch(id -> orders.queryForObject(
                "select count(*) from webhook_delivery where order_id = ? and status <> 'delivered'", Integer.class,
                id) == 0));
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
        int attempts = orders.queryForObject("select count(*) from webhook_attempt a join webhook_delivery d"
                + " on d.id = a.delivery_id where d.order_id = any(?)", Integer.class,
                (Object) orderIds.toArray(String[]::new));
        System.out.printf("[receiver down] %d orders: events sent %d, attempts %d (the receiver saw %d attempts of"
                + " any order while down)%n", CHECKOUTS, sent, attempts, attemptsWhileDown);
        assertThat(attempts).as("refused attempts were retried").isGreaterThan(sent);
        assertThat(stack.receiver().rejectedSignatures()).isZero();
    }
}
