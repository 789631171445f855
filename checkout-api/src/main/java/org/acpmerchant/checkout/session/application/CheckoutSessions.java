package org.acpmerchant.checkout.session.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.MDC;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CancelCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CompleteCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.CreateCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.ExpireCheckoutSession;
import org.acpmerchant.checkout.session.api.CheckoutSessionCommand.UpdateCheckoutSession;
import org.acpmerchant.checkout.session.api.SessionModel;
import org.acpmerchant.checkout.session.api.SessionModel.Attribution;
import org.acpmerchant.checkout.session.api.SessionModel.Buyer;
import org.acpmerchant.checkout.session.api.SessionModel.MarketingConsent;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.checkout.session.query.SessionSettlements;
import org.acpmerchant.checkout.session.query.SessionViews;
import org.acpmerchant.checkout.session.application.AcpRequests.CancelRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.CompleteRequest;
import org.acpmerchant.checkout.session.application.AcpRequests.UpdateRequest;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The use cases behind the ACP endpoints. Every mutation is priced by pricing-service first, then recorded as one
 * command; the answer is read back from the session view, which commits with the command's events. When the caller
 * holds an idempotency key, the key is marked applied in the command's transaction (see {@link IdempotencyStore}).
 */
public class CheckoutSessions {

    private final CommandGateway commands;
    private final SessionViews views;
    private final SessionSettlements settlements;
    private final PricingQuotes pricing;
    private final Clock clock;
    private final Duration sessionTtl;
    private final Duration completeWait;
    private final List<String> offeredHandlers;
    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;
    private final InterventionPolicy interventions;
    private final List<String> consentChannels;
    private MeterRegistry meters = new SimpleMeterRegistry();

    public CheckoutSessions(CommandGateway commands, SessionViews views, SessionSettlements settlements,
            PricingQuotes pricing, Clock clock,
            Duration sessionTtl, Duration completeWait, List<String> offeredHandlers, TransactionTemplate tx,
            IdempotencyStore idempotency, InterventionPolicy interventions, List<String> consentChannels) {
        this.interventions = interventions;
        this.consentChannels = List.copyOf(consentChannels);
        this.tx = tx;
        this.idempotency = idempotency;
        this.commands = commands;
        this.views = views;
        this.settlements = settlements;
        this.pricing = pricing;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.completeWait = completeWait;
        this.offeredHandlers = List.copyOf(offeredHandlers);
    }

    /** Where checkouts are counted by outcome ({@code acp_checkouts_total{outcome}}). */
    public CheckoutSessions meteredBy(MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            Counter.builder("acp.checkouts").description("Checkout sessions by outcome: completed, not_completed "
                            + "(declined, authentication required), in_progress (answered before it settled), canceled, "
                            + "expired").tag("outcome", outcome).register(meters).increment(n);
        }
    }

    /**
     * Who is calling: the authenticated agent, the {@code Request-Id} it sent and the idempotency key the request runs
     * under (either may be null).
     */
    public record Caller(String agentId, String requestId, IdempotencyKey idempotencyKey) {
        public Caller(String agentId, String requestId) {
            this(agentId, requestId, null);
        }

        public Caller withKey(IdempotencyKey key) {
            return new Caller(agentId, requestId, key);
        }
    }

    public SessionState create(Caller caller, SessionInputs inputs) {
        return create(caller, inputs, null);
    }

    /** A new session; {@code attribution} (may be null) is recorded as the first touchpoint. */
    public SessionState create(Caller caller, SessionInputs inputs, Attribution attribution) {
        String sessionId = "cs_" + UUID.randomUUID().toString().replace("-", "");
        MDC.put("session_id", sessionId); // the rest of the request's log lines and its span name the new session
        QuoteReply quote = price(sessionId, inputs);
        Instant now = clock.instant();
        sendEffect(caller, sessionId, new CreateCheckoutSession(sessionId, caller.agentId(), inputs, quote, now,
                now.plus(sessionTtl), attribution));
        return views.find(sessionId).orElseThrow();
    }

    public SessionState get(Caller caller, String sessionId) {
        return views.find(sessionId)
                .filter(s -> s.agentId().equals(caller.agentId()))
                .orElseThrow(() -> AcpException.of(404, "session_not_found",
                        "Checkout session '" + sessionId + "' was not found."));
    }

    public SessionState update(Caller caller, String sessionId, UpdateRequest request) {
        SessionState current = openForChange(caller, sessionId);
        SessionInputs inputs = request.applyTo(current.inputs());
        QuoteReply quote = price(sessionId, inputs);
        var selection = request.selectedFulfillmentOptionId();
        if (selection.present() && selection.value() != null
                && !selection.value().equals(quote.selectedFulfillmentOptionId())) {
            throw AcpException.invalid("invalid", "Fulfillment option '" + selection.value()
                    + "' is not one of this session's fulfillment_options.",
                    "$.selected_fulfillment_options[0].option_id");
        }
        sendEffect(caller, sessionId, new UpdateCheckoutSession(sessionId, inputs, quote, clock.instant()));
        return views.find(sessionId).orElseThrow();
    }

    public SessionState cancel(Caller caller, String sessionId, CancelRequest request) {
        get(caller, sessionId);
        sendEffect(caller, sessionId,
                new CancelCheckoutSession(sessionId, request.reasonCode(), clock.instant(), request.trace()));
        count("canceled", 1);
        return views.find(sessionId).orElseThrow();
    }

    /**
     * Starts (or continues, after 3DS) the completion saga and waits up to {@code completeWait} for its outcome,
     * which may be decided on another instance: the view is re-read when {@link SessionSettlements} signals that the
     * session left {@code complete_in_progress} (a PostgreSQL notification sent at the commit that settled it), not
     * polled. Past the wait the session is returned as {@code complete_in_progress} and the agent polls.
     */
    public SessionState complete(Caller caller, String sessionId, CompleteRequest request) {
        SessionState current = openForChange(caller, sessionId);
        if (!offeredHandlers.contains(request.credential().handlerId())) {
            throw AcpException.invalid("invalid", "Payment handler '" + request.credential().handlerId()
                    + "' is not offered for this session.", "$.payment_data.handler_id");
        }
        String attempt = UUID.randomUUID().toString().replace("-", "");
        try (SessionSettlements.Waiter settled = settlements.register(sessionId)) {
            sendEffect(caller, sessionId, new CompleteCheckoutSession(sessionId, "att_" + attempt, "res_" + attempt,
                    "pay_" + attempt, "ord_" + attempt, request.credential(), request.buyer(),
                    request.authentication(), clock.instant(), request.attribution(),
                    resolveConsents(current, request)));
            Instant deadline = clock.instant().plus(completeWait);
            SessionState latest = views.find(sessionId).orElseThrow();
            while (latest.status() == SessionStatus.COMPLETE_IN_PROGRESS) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                settled.await(left);
                latest = views.find(sessionId).orElseThrow();
            }
            count(latest.status() == SessionStatus.COMPLETED ? "completed"
                    : latest.status() == SessionStatus.COMPLETE_IN_PROGRESS ? "in_progress" : "not_completed", 1);
            return latest;
        }
    }

    /**
     * The buyer's marketing decisions that count (digest §19): offered channels only, each with the contact it
     * applies to — email from the buyer then the fulfillment details, sms and whatsapp from the phone numbers the
     * same way. Decisions without a resolvable contact are ignored.
     */
    private List<MarketingConsent> resolveConsents(SessionState current, CompleteRequest request) {
        Buyer buyer = request.buyer() != null ? request.buyer() : current.inputs().buyer();
        var details = current.inputs().fulfillment();
        Map<String, MarketingConsent> byChannel = new java.util.LinkedHashMap<>();
        for (var decision : request.consents()) {
            if (!consentChannels.contains(decision.channel())) {
                continue;
            }
            String contact = SessionModel.marketingContact(decision.channel(), buyer, details);
            if (contact != null) {
                byChannel.put(decision.channel(), new MarketingConsent(decision.channel(),
                        contact.trim().toLowerCase(java.util.Locale.ROOT), decision.optedIn()));
            }
        }
        return List.copyOf(byChannel.values());
    }

    /** Records expiry of a session whose time is up; returns the number expired. */
    public int expireDue(int limit) {
        Instant now = clock.instant();
        List<String> due = views.expiredOpenSessions(now, limit);
        due.forEach(id -> send(new Caller("system", null), id, new ExpireCheckoutSession(id, now)));
        count("expired", due.size());
        return due.size();
    }

    private SessionState openForChange(Caller caller, String sessionId) {
        SessionState current = get(caller, sessionId);
        Instant now = clock.instant();
        if (current.lapsedAt(now)) {
            send(caller, sessionId, new ExpireCheckoutSession(sessionId, now));
            throw new AcpException(409, "invalid_request", "session_expired",
                    "Checkout session '" + sessionId + "' has expired.", null, null, null);
        }
        return current;
    }

    /** The request's business effect: with an idempotency key, the key is marked applied in the same transaction. */
    private void sendEffect(Caller caller, String sessionId, Object command) {
        if (caller.idempotencyKey() == null) {
            send(caller, sessionId, command);
            return;
        }
        // The aggregate lock is released when the command's unit of work ends, before this transaction commits: a
        // concurrent writer of the same session then fails on the event sequence. The whole transaction rolled back,
        // so running it again is safe and sees the other writer's events (a second complete joins the first).
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> {
                    send(caller, sessionId, command);
                    idempotency.markApplied(caller.idempotencyKey(), sessionId);
                });
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !isConcurrencyConflict(e)) {
                    throw e;
                }
                sleep(10L * attempt);
            }
        }
    }

    private static boolean isConcurrencyConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.axonframework.modelling.command.ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    private void send(Caller caller, String sessionId, Object command) {
        Map<String, Object> audit = new HashMap<>();
        audit.put(AuditMetadata.ACTOR, "system".equals(caller.agentId()) ? "system" : "agent:" + caller.agentId());
        audit.put(AuditMetadata.SESSION_ID, sessionId);
        if (caller.requestId() != null) {
            audit.put(AuditMetadata.REQUEST_ID, caller.requestId());
        }
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(audit));
    }

    private QuoteReply price(String sessionId, SessionInputs inputs) {
        QuoteReply reply = pricing.quote(inputs.quoteRequest(UUID.randomUUID().toString(), sessionId));
        if (reply.rejection() != null) {
            throw AcpException.invalid(reply.rejection().code(), reply.rejection().message(), reply.rejection().param());
        }
        var violation = interventions.violation(inputs.agentInterventions());
        if (violation.isPresent()) {
            List<QuoteReply.QuoteMessage> messages = new java.util.ArrayList<>(reply.messages());
            messages.add(violation.get());
            reply = new QuoteReply(reply.requestId(), reply.sessionId(), reply.currency(), reply.lines(),
                    reply.fulfillmentOptions(), reply.selectedFulfillmentOptionId(), reply.totals(), messages,
                    reply.rejection(), reply.quotedAt(), reply.discounts(), reply.rejectedDiscounts());
        }
        return reply;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
