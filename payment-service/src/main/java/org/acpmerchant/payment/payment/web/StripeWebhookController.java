package org.acpmerchant.payment.payment.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Instant;
import org.acpmerchant.payment.payment.api.PaymentCommand;
import org.acpmerchant.payment.payment.api.PaymentCommand.ProviderStatus;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcilePayment;
import org.acpmerchant.payment.payment.api.PaymentCommand.ReconcileRefunds;
import org.acpmerchant.payment.payment.api.PaymentCommand.RecordDispute;
import org.acpmerchant.payment.payment.domain.CredentialRegistry;
import org.acpmerchant.payment.payment.domain.PaymentGateway;
import org.acpmerchant.payment.payment.domain.PaymentProviderUnavailableException;
import org.acpmerchant.payment.StripeProperties;
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
 * Stripe webhooks in: verifies {@code Stripe-Signature}, records each event once by its id, and turns it into a
 * Payment command (inbox-deduplicated by Stripe event id): {@code payment_intent.*} reconcile the authorization,
 * {@code charge.refunded} / {@code charge.refund.updated} the refunds, {@code charge.dispute.*} record a dispute;
 * {@code shared_payment.granted_token.used} / {@code .deactivated} go to the {@link CredentialRegistry}. Other event
 * types are recorded only. Answers 400 for a bad signature, 200 once handled (or ignored), 503 to make Stripe retry.
 */
@RestController
class StripeWebhookController {

    static final String CONSUMER = "stripe-webhooks";
    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);

    private final StripeProperties props;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final PaymentGateway gateway;
    private final CredentialRegistry credentials;

    StripeWebhookController(StripeProperties props, CommandGateway commands, JdbcTemplate jdbc, Clock clock,
            PaymentGateway gateway, CredentialRegistry credentials) {
        this.props = props;
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
        this.gateway = gateway;
        this.credentials = credentials;
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
        String type = event.getType();
        boolean tokenEvent = type.startsWith("shared_payment.granted_token.");
        String intentId = type.startsWith("payment_intent.") ? text(object, "id") : text(object, "payment_intent");
        JsonElement metadata = object.get("metadata");
        String paymentId = metadata != null && metadata.isJsonObject() ? text(metadata.getAsJsonObject(), "payment_id") : null;
        jdbc.update("insert into stripe_webhook_event (event_id, type, payment_intent_id, payment_id) values (?, ?, ?, ?)"
                + " on conflict do nothing", event.getId(), type, tokenEvent ? null : intentId, paymentId);
        Instant now = clock.instant();
        try {
            if (tokenEvent) {
                recordToken(type, text(object, "id"), now);
                return ResponseEntity.ok().build();
            }
            PaymentCommand command = null;
            if (type.startsWith("payment_intent.")) {
                command = reconcilePayment(type, object, paymentId, intentId, now);
            } else if (type.equals("charge.refunded") || type.equals("charge.refund.updated")) {
                String id = paymentId != null ? paymentId : lookUp(intentId);
                command = id == null ? null : new ReconcileRefunds(id, now);
            } else if (type.startsWith("charge.dispute.")) {
                String id = paymentId != null ? paymentId : lookUp(intentId);
                command = id == null ? null : new RecordDispute(id, text(object, "id"),
                        object.has("amount") ? object.get("amount").getAsLong() : 0, text(object, "currency"),
                        text(object, "reason"), text(object, "status"), now);
            }
            if (command != null) {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(MetaData.with(InboxCommandInterceptor.CONSUMER, CONSUMER)
                                .and(InboxCommandInterceptor.MESSAGE_ID, event.getId())));
            }
        } catch (AggregateNotFoundException e) {
            log.info("Stripe event {} ({}) is for no known payment", event.getId(), type);
        } catch (PaymentProviderUnavailableException e) {
            log.warn("Stripe event {} ({}) not handled now, Stripe will retry: {}", event.getId(), type, e.getMessage());
            return ResponseEntity.status(503).build();
        }
        return ResponseEntity.ok().build();
    }

    private ReconcilePayment reconcilePayment(
            String type, JsonObject object, String paymentId, String intentId, Instant now) {
        ProviderStatus status = switch (type) {
            case "payment_intent.amount_capturable_updated" -> ProviderStatus.AUTHORIZED;
            case "payment_intent.succeeded" -> ProviderStatus.SUCCEEDED;
            case "payment_intent.canceled" -> ProviderStatus.CANCELED;
            case "payment_intent.payment_failed" -> ProviderStatus.FAILED;
            default -> null;
        };
        if (status == null || paymentId == null) {
            return null;
        }
        JsonElement lastError = object.get("last_payment_error");
        String failureCode = lastError != null && lastError.isJsonObject()
                ? text(lastError.getAsJsonObject(), "decline_code") != null
                        ? text(lastError.getAsJsonObject(), "decline_code")
                        : text(lastError.getAsJsonObject(), "code")
                : null;
        return new ReconcilePayment(paymentId, intentId, status, failureCode, now);
    }

    /** The payment of a PaymentIntent whose webhook object carries no {@code payment_id} (disputes). */
    private String lookUp(String intentId) {
        return intentId == null ? null : gateway.paymentIdOf(intentId).orElse(null);
    }

    private void recordToken(String type, String tokenId, Instant now) {
        if (tokenId == null) {
            return;
        }
        if (type.endsWith(".deactivated")) {
            credentials.recordDeactivated(tokenId, now);
        } else if (type.endsWith(".used")) {
            credentials.recordUsed(tokenId, now);
        }
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
