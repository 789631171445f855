package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No secret, token, card or personal data in any log line: the whole stack runs checkouts (a success, a decline, a
 * 3DS challenge, a cancel, a refused request with a wrong token) while every log event of every service — message,
 * arguments, MDC and stack traces; our own code at DEBUG — is captured and searched for the agent's token, the payment tokens, the Stripe key,
 * the webhook secrets and the buyer's e-mail and name.
 */
@OwnStack
class LogSecrecyE2E {

    private static final List<String> SECRETS = List.of(LocalStack.DEFAULT_AGENT_TOKEN, "spt_test_",
            LocalStack.STRIPE_KEY, LocalStack.STRIPE_WEBHOOK_SECRET, LocalStack.DEFAULT_WEBHOOK_SECRET,
            LocalStack.MERCHANT_API_TOKEN, "jane@example.com", "Jane Doe", "wrong_token_xyz");

    @Test
    void noLogLineOfAWholeRunHoldsASecretOrPersonalData() throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                    for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                        line.append(' ').append(frame.getSTEAsString());
                    }
                }
                event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
                lines.add(line.toString());
            }
        };
        // Each service's start re-initialises logging (and would drop an appender added earlier): capture from the
        // moment the stack is up until it has stopped.
        LocalStack stack = LocalStack.start(LocalStack.Options.forTests(LocalInfrastructure.postgresBaseUrl(),
                LocalInfrastructure.kafkaBootstrapServers()), "acp_e2e_" + System.nanoTime(), System.out);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture.setContext(context);
        capture.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger("org.acpmerchant");
        ch.qos.logback.classic.Level level = ours.getLevel();
        ours.setLevel(ch.qos.logback.classic.Level.DEBUG); // our own code at its most talkative, the rest as shipped
        root.addAppender(capture);
        try {
            AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
            for (String token : List.of("spt_test_success", "spt_test_decline", "spt_test_3ds_required")) {
                String id = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
                agent.post("/checkout_sessions/" + id + "/complete", completeBody(token));
            }
            String canceled = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
            agent.post("/checkout_sessions/" + canceled + "/cancel", "{}");
            new AcpClient(stack.gatewayUrl(), "wrong_token_xyz").post("/checkout_sessions", createBody("tee-red-m", 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.receiver().deliveries().size() >= 2);
        } finally {
            stack.close();
            root.detachAppender(capture);
            ours.setLevel(level);
        }

        assertThat(lines).as("the services' log lines were captured (the decline is logged by payment-service)")
                .anyMatch(line -> line.contains("StripePaymentGateway") && line.contains("card_declined"));
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            for (String secret : SECRETS) {
                if (line.contains(secret)) {
                    leaks.add(secret + " in: " + (line.length() > 300 ? line.substring(0, 300) + "…" : line));
                }
            }
        }
        leaks.forEach(System.out::println);
        assertThat(leaks).as("log lines holding secrets or personal data (printed above)").isEmpty();
    }
}
