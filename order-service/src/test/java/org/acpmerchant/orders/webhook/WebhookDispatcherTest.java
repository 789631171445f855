package org.acpmerchant.orders.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.events.webhook.MerchantSignature;
import org.acpmerchant.orders.OrderProperties;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

class WebhookDispatcherTest {

    static final Instant NOW = Instant.parse("2026-04-20T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final OrderProperties.Endpoint ENDPOINT =
            new OrderProperties.Endpoint("agent", "https://agent.example/hooks", "secret", null);
    static final OrderProperties.Webhooks CONFIG = new OrderProperties.Webhooks(List.of(ENDPOINT), false,
            Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(72), null, null, 1);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final WebhookOutbox outbox = mock(WebhookOutbox.class);
    final WebhookSender sender = mock(WebhookSender.class);
    final WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, sender, inline(), CLOCK, CONFIG, meters);

    static TransactionTemplate inline() {
        return new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                return action.doInTransaction(new SimpleTransactionStatus());
            }
        };
    }

    static WebhookOutbox.Delivery delivery(int attempts, Instant firstAttemptedAt) {
        return new WebhookOutbox.Delivery("whd_1", "agent", "ord_1", "order_create", "{\"type\":\"order_create\"}",
                attempts, firstAttemptedAt, null);
    }

    @Test
    void backoff_doublesWithJitter_upToTheCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(dispatcher.backoff(1)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
            assertThat(dispatcher.backoff(3)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
            assertThat(dispatcher.backoff(40)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
        }
    }

    @Test
    void retryAt_parks_pastTheHorizonFromTheFirstAttempt() {
        assertThat(dispatcher.retryAt(delivery(0, null), NOW)).isAfter(NOW);
        assertThat(dispatcher.retryAt(delivery(5, NOW.minus(Duration.ofHours(72).minusSeconds(60))), NOW)).isNull();
        assertThat(dispatcher.retryAt(delivery(5, NOW.minus(Duration.ofHours(10))), NOW)).isAfter(NOW);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dispatch_signsExactBody_andMarksDelivered() {
        when(outbox.lockNextDue(NOW)).thenReturn(Optional.of(delivery(0, null)));
        when(sender.send(any(), any(), any())).thenReturn(new WebhookSender.Outcome(200, null, 12));

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);

        ArgumentCaptor<Map<String, String>> headers = ArgumentCaptor.forClass(Map.class);
        ArgumentCaptor<byte[]> body = ArgumentCaptor.forClass(byte[].class);
        verify(sender).send(eq(java.net.URI.create(ENDPOINT.url())), headers.capture(), body.capture());
        assertThat(new String(body.getValue(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"order_create\"}");
        assertThat(headers.getValue()).containsEntry("Request-Id", "whd_1")
                .containsEntry("Timestamp", "2026-04-20T10:00:00Z")
                .containsEntry("Content-Type", "application/json");
        MerchantSignature.verify("secret".getBytes(StandardCharsets.UTF_8), headers.getValue().get("Merchant-Signature"),
                body.getValue(), CLOCK, MerchantSignature.DEFAULT_TOLERANCE);
        verify(outbox).markDelivered(any(), eq(NOW), eq(200));
    }

    @Test
    void dispatch_parksFailure_pastTheHorizon() {
        WebhookOutbox.Delivery old = delivery(9, NOW.minus(Duration.ofHours(72)));
        when(outbox.lockNextDue(NOW)).thenReturn(Optional.of(old));
        WebhookSender.Outcome failure = new WebhookSender.Outcome(503, "HTTP 503", 30);
        when(sender.send(any(), any(), any())).thenReturn(failure);

        dispatcher.dispatchDue();

        verify(outbox).recordAttempt(old, NOW, failure);
        verify(outbox).markFailed(eq(old), eq(NOW), eq(failure), isNull());
        assertThat(meters.counter("acp.order.webhook.attempts", "endpoint", "agent", "result", "parked").count())
                .isEqualTo(1);
    }
}
