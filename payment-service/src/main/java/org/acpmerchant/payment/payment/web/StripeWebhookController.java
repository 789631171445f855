package org.acpmerchant.payment.payment.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import org.acpmerchant.payment.payment.api.PaymentCommand.ProviderStatus;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcilePayment;
import org.acpmerchant.payment.payment.infrastructure.StripeProperties;
import org.acpmerchant.platform.messaging.InboxCommandInterceptor;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stripe webhooks in: verifies {@code Stripe-Signature}, records each event once by its id, and reconciles the
 * PaymentIntent events with the Payment (inbox-deduplicated by Stripe event id). Other event types are recorded only.
 * Answers 400 for a bad signature, 200 once handled (or ignored), 5xx to make Stripe retry.
 */
@RestController
class StripeWebhookController {

    static final String CONSUMER = "stripe-webhooks";
    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeProperties props;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    StripeWebhookController(StripeProperties props, CommandGateway commands, JdbcTemplate jdbc, Clock clock) {
        this.props = props;
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostMapping("/stripe/webhooks")
    ResponseEntity<Void> receiveStripeEvent(
            @RequestBody String payload, @RequestHeader(value = "Stripe-Signature", required = false) String signature) {
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, props.webhookSecret(),
                    props.webhookTolerance().toSeconds(), clock);
        } catch (SignatureVerificationException | RuntimeException e) {
            log.warn("Rejected a Stripe webhook: {}", e.getClass().getSimpleName());
            return ResponseEntity.badRequest().build();
        }
        JsonObject object = JsonParser.parseString(payload).getAsJsonObject()
                .getAsJsonObject("data").getAsJsonObject("object");
        String intentId = text(object, "id");
        JsonElement metadata = object.get("metadata");
        String paymentId = metadata != null && metadata.isJsonObject() ? text(metadata.getAsJsonObject(), "payment_id") : null;
        jdbc.update("insert into stripe_webhook_event (event_id, type, payment_intent_id, payment_id) values (?, ?, ?, ?)"
                + " on conflict do nothing", event.getId(), event.getType(), intentId, paymentId);
        ProviderStatus status = switch (event.getType()) {
            case "payment_intent.amount_capturable_updated" -> ProviderStatus.AUTHORIZED;
            case "payment_intent.succeeded" -> ProviderStatus.SUCCEEDED;
            case "payment_intent.canceled" -> ProviderStatus.CANCELED;
            case "payment_intent.payment_failed" -> ProviderStatus.FAILED;
            default -> null;
        };
        if (status == null || paymentId == null) {
            return ResponseEntity.ok().build();
        }
        JsonElement lastError = object.get("last_payment_error");
        String failureCode = lastError != null && lastError.isJsonObject()
                ? text(lastError.getAsJsonObject(), "decline_code") != null
                        ? text(lastError.getAsJsonObject(), "decline_code")
                        : text(lastError.getAsJsonObject(), "code")
                : null;
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new ReconcilePayment(paymentId, intentId, status, failureCode, clock.instant()))
                    .andMetaData(MetaData.with(InboxCommandInterceptor.CONSUMER, CONSUMER)
                            .and(InboxCommandInterceptor.MESSAGE_ID, event.getId())));
        } catch (AggregateNotFoundException e) {
            log.info("Stripe event {} ({}) is for no known payment", event.getId(), event.getType());
        }
        return ResponseEntity.ok().build();
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
