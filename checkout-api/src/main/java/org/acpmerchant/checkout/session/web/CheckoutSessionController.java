package org.acpmerchant.checkout.session.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.Function;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpEdgeFilter;
import org.acpmerchant.checkout.edge.AcpErrors;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.IdempotencyStore.Conflict;
import org.acpmerchant.checkout.edge.IdempotencyStore.InFlight;
import org.acpmerchant.checkout.edge.IdempotencyStore.Replay;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.acpmerchant.checkout.session.application.PricingQuotes.PricingUnavailableException;
import org.acpmerchant.checkout.session.domain.SessionRuleViolation;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ACP checkout endpoints. Every POST is idempotent by {@code Idempotency-Key} (required from 2026-04-17); every
 * success returns the full authoritative session; every failure the flat ACP error, and changes nothing.
 */
@RestController
class CheckoutSessionController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutSessionController.class);

    private final CheckoutSessions sessions;
    private final AcpRequestParser parser;
    private final AcpSessionRenderer renderer;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final int maxBodyBytes;

    CheckoutSessionController(CheckoutSessions sessions, AcpRequestParser parser, AcpSessionRenderer renderer,
            IdempotencyStore idempotency, Clock clock, CheckoutProperties props) {
        this.sessions = sessions;
        this.parser = parser;
        this.renderer = renderer;
        this.idempotency = idempotency;
        this.clock = clock;
        this.maxBodyBytes = props.maxBodyBytes();
    }

    @PostMapping("/checkout_sessions")
    ResponseEntity<String> createCheckoutSession(HttpServletRequest request) {
        return idempotent(request, 201, body -> sessions.create(caller(request), parser.parseCreate(body).inputs()));
    }

    @PostMapping("/checkout_sessions/{id}")
    ResponseEntity<String> updateCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, 200, body -> sessions.update(caller(request), id, parser.parseUpdate(body)));
    }

    @GetMapping("/checkout_sessions/{id}")
    ResponseEntity<String> getCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        try {
            return json(200, render(sessions.get(caller(request), id)), null);
        } catch (RuntimeException e) {
            AcpException error = toAcp(e);
            return json(error.status(), AcpErrors.body(error), headers(error));
        }
    }

    @PostMapping("/checkout_sessions/{id}/complete")
    ResponseEntity<String> completeCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, 200, body -> sessions.complete(caller(request), id, parser.parseComplete(body)));
    }

    @PostMapping("/checkout_sessions/{id}/cancel")
    ResponseEntity<String> cancelCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, 200, body -> sessions.cancel(caller(request), id, parser.parseCancel(body)));
    }

    private ResponseEntity<String> idempotent(HttpServletRequest request, int successStatus,
            Function<byte[], SessionState> action) {
        String agent = agent(request);
        String path = request.getRequestURI();
        String key = request.getHeader("Idempotency-Key");
        try {
            if (key == null || key.isEmpty()) {
                throw AcpException.invalid("idempotency_key_required", "Idempotency-Key header is required", null);
            }
            if (key.length() > 255) {
                throw AcpException.invalid("invalid", "Idempotency-Key must be at most 255 characters", null);
            }
        } catch (AcpException e) {
            return json(e.status(), AcpErrors.body(e), null);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        byte[] body;
        try {
            body = readBody(request);
        } catch (AcpException e) {
            return json(e.status(), AcpErrors.body(e), headers);
        }
        var claim = idempotency.claim(agent, path, key, RequestFingerprint.of(body));
        if (claim instanceof Replay replay) {
            headers.set("Idempotent-Replayed", "true");
            return json(replay.status(), replay.body(), headers);
        }
        if (claim instanceof Conflict) {
            AcpException e = new AcpException(422, "invalid_request", "idempotency_conflict",
                    "Idempotency-Key has already been used with a different request body", null, null, null);
            return json(e.status(), AcpErrors.body(e), headers);
        }
        if (claim instanceof InFlight inFlight) {
            AcpException e = new AcpException(409, "invalid_request", "idempotency_in_flight",
                    "A request with this Idempotency-Key is currently being processed", null, null,
                    (int) inFlight.retryAfterSeconds());
            headers.set("Retry-After", Long.toString(inFlight.retryAfterSeconds()));
            return json(e.status(), AcpErrors.body(e), headers);
        }
        int status;
        String responseBody;
        try {
            responseBody = render(action.apply(body));
            status = successStatus;
        } catch (RuntimeException e) {
            AcpException error = toAcp(e);
            status = error.status();
            responseBody = AcpErrors.body(error);
            HttpHeaders extra = headers(error);
            if (extra != null) {
                headers.addAll(extra);
            }
        }
        try {
            idempotency.finish(agent, path, key, status, responseBody);
        } catch (RuntimeException e) {
            log.error("could not store the idempotent response of {}", path, e);
        }
        return json(status, responseBody, headers);
    }

    private String render(SessionState state) {
        return renderer.render(state, clock.instant()).toString();
    }

    private byte[] readBody(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw AcpException.of(413, "request_too_large", "The request body is larger than " + maxBodyBytes + " bytes.");
            }
            return body;
        } catch (IOException e) {
            throw AcpException.invalid("invalid_json", "The request body could not be read.", "$");
        }
    }

    static AcpException toAcp(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CommandExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof AcpException acp) {
            return acp;
        }
        if (cause instanceof SessionRuleViolation v) {
            return switch (v.kind()) {
                case NOT_CANCELABLE -> AcpException.of(405, "session_not_cancelable", v.getMessage());
                case NOT_MODIFIABLE -> AcpException.of(409, "session_not_modifiable", v.getMessage());
                case NOT_READY -> AcpException.of(409, "session_not_ready", v.getMessage());
                case AUTHENTICATION_REQUIRED -> AcpException.invalid("requires_3ds", v.getMessage(), "$.authentication_result");
                case COMPLETION_IN_PROGRESS -> new AcpException(409, "invalid_request", "complete_in_progress",
                        v.getMessage(), null, null, 1);
            };
        }
        if (cause instanceof PricingUnavailableException) {
            return new AcpException(503, "service_unavailable", "pricing_unavailable",
                    "Prices cannot be confirmed right now; retry shortly.", null, null, 2);
        }
        if (cause instanceof ConcurrencyException) {
            return new AcpException(409, "invalid_request", "concurrent_modification",
                    "The session changed concurrently; retry the request.", null, null, 1);
        }
        log.error("unexpected failure at the ACP edge", e);
        return new AcpException(500, "processing_error", "internal_error", "The request could not be processed.",
                null, null, null);
    }

    private static HttpHeaders headers(AcpException e) {
        if (e.retryAfterSeconds() == null) {
            return null;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set("Retry-After", e.retryAfterSeconds().toString());
        return headers;
    }

    private static ResponseEntity<String> json(int status, String body, HttpHeaders headers) {
        var builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (headers != null) {
            builder.headers(headers);
        }
        return builder.body(body);
    }

    private static CheckoutSessions.Caller caller(HttpServletRequest request) {
        String requestId = request.getHeader("Request-Id");
        return new CheckoutSessions.Caller(agent(request),
                requestId == null || requestId.length() > 200 ? null : requestId);
    }

    private static String agent(HttpServletRequest request) {
        return (String) request.getAttribute(AcpEdgeFilter.AGENT_ATTRIBUTE);
    }
}
