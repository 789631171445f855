package org.acpmerchant.checkout.session.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.BiFunction;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.checkout.session.protocol.SessionErrors;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpEdgeFilter;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.IdempotencyStore.Conflict;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore.InFlight;
import org.acpmerchant.checkout.edge.IdempotencyStore.Proceed;
import org.acpmerchant.checkout.edge.IdempotencyStore.Recover;
import org.acpmerchant.checkout.edge.IdempotencyStore.Replay;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.edge.versions.AcpVersion;
import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.edge.versions.ClientHints;
import org.acpmerchant.checkout.edge.versions.Operation;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.acpmerchant.checkout.session.domain.SessionState;
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
 * The ACP checkout endpoints, for every supported {@code API-Version}: the version's mapping upgrades the request to
 * the canonical 2026-04-17 JSON (read by {@link AcpRequestParser}) and downgrades the rendered session and every error
 * to the caller's version. Every POST is idempotent by {@code Idempotency-Key} — required, with 422 on conflict, from
 * 2026-04-17; optional, with 409 on conflict, before. Every success returns the full authoritative session; every
 * failure the flat ACP error, and changes nothing.
 */
@RestController
class CheckoutSessionController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutSessionController.class);

    private final CheckoutSessions sessions;
    private final AcpRequestParser parser;
    private final AcpSessionRenderer renderer;
    private final IdempotencyStore idempotency;
    private final AcpVersions versions;
    private final Clock clock;
    private final int maxBodyBytes;

    CheckoutSessionController(CheckoutSessions sessions, AcpRequestParser parser, AcpSessionRenderer renderer,
            IdempotencyStore idempotency, Clock clock, CheckoutProperties props, AcpVersions versions) {
        this.sessions = sessions;
        this.parser = parser;
        this.renderer = renderer;
        this.idempotency = idempotency;
        this.versions = versions;
        this.clock = clock;
        this.maxBodyBytes = props.maxBodyBytes();
    }

    @PostMapping("/checkout_sessions")
    ResponseEntity<String> createCheckoutSession(HttpServletRequest request) {
        return idempotent(request, Operation.CREATE, 201,
                (caller, body) -> {
                    var parsed = parser.parseCreate(body);
                    return sessions.create(caller, parsed.inputs(), parsed.attribution());
                });
    }

    @PostMapping("/checkout_sessions/{id}")
    ResponseEntity<String> updateCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, Operation.UPDATE, 200,
                (caller, body) -> sessions.update(caller, id, parser.parseUpdate(body)));
    }

    @GetMapping("/checkout_sessions/{id}")
    ResponseEntity<String> getCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        AcpVersion version = version(request);
        try {
            return json(200, render(version, Operation.RETRIEVE, sessions.get(caller(request), id), request), null);
        } catch (RuntimeException e) {
            AcpException error = toAcp(e);
            return json(error.status(), version.renderError(error, null), headers(error));
        }
    }

    @PostMapping("/checkout_sessions/{id}/complete")
    ResponseEntity<String> completeCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, Operation.COMPLETE, 200,
                (caller, body) -> sessions.complete(caller, id, parser.parseComplete(body)));
    }

    @PostMapping("/checkout_sessions/{id}/cancel")
    ResponseEntity<String> cancelCheckoutSession(@PathVariable String id, HttpServletRequest request) {
        return idempotent(request, Operation.CANCEL, 200,
                (caller, body) -> sessions.cancel(caller, id, parser.parseCancel(body)));
    }

    /**
     * Runs {@code action} on the canonical form of the request body, at most once per idempotency key.
     * {@code action} gets the upgraded (canonical) body; the stored and returned bodies are in the caller's version.
     * A key whose effect committed without a stored response is answered from the session it changed.
     */
    private ResponseEntity<String> idempotent(HttpServletRequest request, Operation op, int successStatus,
            BiFunction<CheckoutSessions.Caller, byte[], SessionState> action) {
        AcpVersion version = version(request);
        String agent = agent(request);
        String path = request.getRequestURI();
        String key = request.getHeader("Idempotency-Key");
        boolean keyed = key != null && !key.isEmpty();
        try {
            if (!keyed && version.idempotencyKeyRequired()) {
                throw AcpException.invalid("idempotency_key_required", "Idempotency-Key header is required", null);
            }
            AcpException malformed = keyed ? IdempotencyKey.malformed(key) : null;
            if (malformed != null) {
                throw malformed;
            }
        } catch (AcpException e) {
            return json(e.status(), version.renderError(e, null), null);
        }
        HttpHeaders headers = new HttpHeaders();
        if (keyed) {
            headers.set("Idempotency-Key", key);
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (AcpException e) {
            return json(e.status(), version.renderError(e, null), headers);
        }
        JsonNode original = version.canonical() ? null : AcpVersion.parseObject(body);
        CheckoutSessions.Caller caller = caller(request);
        if (keyed) {
            var claim = idempotency.claim(agent, path, key, fingerprint(version, body));
            if (claim instanceof Proceed proceed) {
                caller = caller.withKey(new IdempotencyKey(agent, path, key, proceed.claimId()));
            }
            if (claim instanceof Replay replay) {
                headers.set("Idempotent-Replayed", "true");
                return json(replay.status(), replay.body(), headers);
            }
            if (claim instanceof Recover recover) {
                return recover(request, version, op, successStatus, caller,
                        new IdempotencyKey(agent, path, key, recover.claimId()), recover.effectRef(), headers);
            }
            if (claim instanceof Conflict) {
                AcpException e = version.idempotencyConflict();
                return json(e.status(), version.renderError(e, original), headers);
            }
            if (claim instanceof InFlight inFlight) {
                AcpException e = new AcpException(409, "invalid_request", "idempotency_in_flight",
                        "A request with this Idempotency-Key is currently being processed", null, null,
                        (int) inFlight.retryAfterSeconds());
                headers.set("Retry-After", Long.toString(inFlight.retryAfterSeconds()));
                return json(e.status(), version.renderError(e, original), headers);
            }
        }
        int status;
        String responseBody;
        try {
            responseBody = render(version, op, action.apply(caller, version.upgradeRequestBody(op, body)), request);
            status = successStatus;
        } catch (RuntimeException e) {
            AcpException error = toAcp(e);
            status = error.status();
            responseBody = version.renderError(error, original);
            HttpHeaders extra = headers(error);
            if (extra != null) {
                headers.addAll(extra);
            }
        }
        if (caller.idempotencyKey() != null) {
            try {
                idempotency.finish(caller.idempotencyKey(), status, responseBody);
            } catch (RuntimeException e) {
                log.error("could not store the idempotent response of {}", path, e);
            }
        }
        return json(status, responseBody, headers);
    }

    /** Answers a key whose effect committed but whose response was lost, from the session as it is now. */
    private ResponseEntity<String> recover(HttpServletRequest request, AcpVersion version, Operation op,
            int successStatus, CheckoutSessions.Caller caller, IdempotencyKey key, String sessionId,
            HttpHeaders headers) {
        String body;
        try {
            body = render(version, op, sessions.get(caller, sessionId), request);
        } catch (RuntimeException e) {
            AcpException error = toAcp(e);
            idempotency.finish(key, 500, null);
            return json(error.status(), version.renderError(error, null), headers);
        }
        idempotency.finish(key, successStatus, body);
        headers.set("Idempotent-Replayed", "true");
        return json(successStatus, body, headers);
    }

    /**
     * The body fingerprint, salted with the API version for every version but the canonical one: a key reused with
     * the same bytes under another version is a different request (its stored response is in another shape).
     */
    private static String fingerprint(AcpVersion version, byte[] body) {
        String fingerprint = RequestFingerprint.of(body);
        if (version.canonical()) {
            return fingerprint;
        }
        return RequestFingerprint.of((version.name() + ":" + fingerprint).getBytes(StandardCharsets.UTF_8));
    }

    private String render(AcpVersion version, Operation op, SessionState state, HttpServletRequest request) {
        ObjectNode canonical = renderer.render(state, clock.instant());
        return version.downgradeResponse(op, canonical, hints(request)).toString();
    }

    private AcpVersion version(HttpServletRequest request) {
        Object name = request.getAttribute(AcpEdgeFilter.VERSION_ATTRIBUTE);
        return name == null ? versions.canonical() : versions.get((String) name);
    }

    private static ClientHints hints(HttpServletRequest request) {
        return new ClientHints(request.getHeader("Accept"), request.getHeader("User-Agent"),
                request.getHeader("Accept-Language"), request.getRemoteAddr());
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
        return SessionErrors.toAcp(e);
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
