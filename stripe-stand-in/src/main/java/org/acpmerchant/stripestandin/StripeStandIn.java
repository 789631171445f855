package org.acpmerchant.stripestandin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local, stateful stand-in for the part of the Stripe API payment-service uses: PaymentIntents (create, retrieve,
 * confirm, capture, cancel, search), refunds (create, list) and shared payment granted tokens, plus signed webhook
 * events sent like Stripe sends them ({@link #sendWebhook}). An in-process HTTP server (the JDK's) hands every
 * request to {@link StripeApi}, which keeps everything in memory and honours {@code Idempotency-Key}; nothing else is
 * kept per request, so a long-running local stack does not grow with its payments. The behaviour of each documented
 * test token is listed in the module's README.
 */
public final class StripeStandIn {

    /** The API version written on webhook events (stripe-java 33.3.0 pins it). */
    public static final String WEBHOOK_API_VERSION = "2026-07-29.dahlia";

    private final StripeApi api;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;
    private ExecutorService executor;
    private volatile long latencyMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger inFlightPeak = new AtomicInteger();

    public StripeStandIn() {
        this(Clock.systemUTC());
    }

    public StripeStandIn(Clock clock) {
        this.api = new StripeApi(clock);
        this.clock = clock;
    }

    /** Starts the server on {@code port} (0 = a free port) and returns this stand-in. */
    public synchronized StripeStandIn start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        AtomicInteger threads = new AtomicInteger();
        // Unbounded: an answer held back by slowResponseDelay must not keep another request waiting.
        executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "stripe-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalStateException("the Stripe stand-in could not listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlightPeak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            StripeApi.Answer answer;
            try {
                answer = api.answer(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                        exchange.getRequestHeaders().getFirst("Idempotency-Key"), body);
            } catch (RuntimeException e) {
                // a request the router cannot read: Stripe's shape for its own failures, so stripe-java throws ApiException
                answer = new StripeApi.Answer(500, StripeApi.toJson(Map.of("error", Map.of("type", "api_error",
                        "message", "The stand-in could not handle this request: " + e))), false, 0);
            }
            long delay = latencyMillis + answer.delayMillis();
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Request-Id",
                    "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14));
            exchange.getResponseHeaders().set("Idempotent-Replayed", Boolean.toString(answer.replayed()));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The API base to give stripe-java ({@code StripeClient.builder().setApiBase(...)}), e.g. {@code http://localhost:1234}. */
    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://localhost:" + server.getAddress().getPort();
    }

    public synchronized int port() {
        return server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /**
     * How long the first create for {@code spt_test_timeout_succeeded} waits before answering (default 25 s, longer
     * than payment-service's default 20 s read timeout).
     */
    public StripeStandIn slowResponseDelay(Duration delay) {
        api.slowResponseDelay(delay);
        return this;
    }

    /**
     * How long every answer waits before it is sent (default 0): Stripe's own latency, a few hundred ms per call in
     * test mode, which a load test against the stand-in otherwise leaves out. Added to {@link #slowResponseDelay}.
     */
    public StripeStandIn latency(Duration latency) {
        this.latencyMillis = latency.toMillis();
        return this;
    }

    /** The most requests this stand-in was answering at once since {@link #resetRequestsInFlightPeak()} (or its start). */
    public int requestsInFlightPeak() {
        return inFlightPeak.get();
    }

    public void resetRequestsInFlightPeak() {
        inFlightPeak.set(inFlight.get());
    }

    /** Registers (or replaces) a granted token with these usage limits; {@code deactivated} marks it revoked. */
    public void grantToken(String id, String currency, long maxAmount, Instant expiresAt, boolean deactivated) {
        api.grantToken(id, currency, maxAmount, expiresAt, deactivated);
    }

    /** PaymentIntents created, confirmed and never declined (authorized, requiring action, captured or canceled later). */
    public int successfulPaymentIntents() {
        return api.successfulPaymentIntents(null);
    }

    /** Like {@link #successfulPaymentIntents()}, only those with {@code metadata[checkout_session_id]}. */
    public int successfulPaymentIntents(String checkoutSessionId) {
        return api.successfulPaymentIntents(checkoutSessionId);
    }

    /** All PaymentIntents ever created, declined ones included. */
    public int paymentIntentsCreated() {
        return api.paymentIntentsCreated(null);
    }

    /** All PaymentIntents created with {@code metadata[checkout_session_id]}, declined ones included. */
    public int paymentIntentsCreated(String checkoutSessionId) {
        return api.paymentIntentsCreated(checkoutSessionId);
    }

    /** The ids of the PaymentIntents created with {@code metadata[checkout_session_id]}, oldest first. */
    public java.util.List<String> paymentIntentIds(String checkoutSessionId) {
        return api.paymentIntentIds(checkoutSessionId);
    }

    /** Captures that took effect (idempotent replays not counted). */
    public int captures() {
        return api.captures();
    }

    /** Cancels that took effect (idempotent replays not counted). */
    public int cancels() {
        return api.cancels();
    }

    /** Refunds that took effect. */
    public int refunds() {
        return api.refunds();
    }

    /** Requests received for exactly this method and path (e.g. {@code "POST", "/v1/payment_intents"}), replays included. */
    public int requests(String method, String path) {
        return api.requests(method + " " + path);
    }

    /** The status of a PaymentIntent ({@code requires_capture}, {@code succeeded}, ...), or null if unknown. */
    public String paymentIntentStatus(String paymentIntentId) {
        return api.status(paymentIntentId);
    }

    /** Every request received, replays included. */
    public int totalRequests() {
        return api.totalRequests();
    }

    /** How much of a PaymentIntent was refunded (minor units). */
    public long amountRefunded(String paymentIntentId) {
        return api.amountRefunded(paymentIntentId);
    }

    /** The Charge of an authorized PaymentIntent as a {@code charge.*} event carries it (with the intent's metadata). */
    public Map<String, Object> chargeObject(String paymentIntentId) {
        return api.charge(paymentIntentId);
    }

    /** A Dispute on a PaymentIntent's charge as a {@code charge.dispute.*} event carries it (no metadata). */
    public Map<String, Object> disputeObject(String paymentIntentId, String disputeId, String status, String reason) {
        return api.dispute(paymentIntentId, disputeId, status, reason);
    }

    /** A granted token as a {@code shared_payment.granted_token.*} event carries it. */
    public Map<String, Object> grantedTokenObject(String tokenId) {
        return api.grantedToken(tokenId);
    }

    /** A Stripe event ({@code evt_…}, this type, {@code data.object}) as JSON, ready for {@link #deliverWebhook}. */
    public String webhookEvent(String type, Map<String, Object> object) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", object);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        event.put("object", "event");
        event.put("api_version", WEBHOOK_API_VERSION);
        event.put("created", clock.instant().getEpochSecond());
        event.put("data", data);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.put("request", Map.of());
        event.put("type", type);
        return StripeApi.toJson(event);
    }

    /** Builds an event of {@code type} and delivers it signed to {@code url}; returns the HTTP status. */
    public int sendWebhook(String url, String secret, String type, Map<String, Object> object) {
        return deliverWebhook(url, secret, webhookEvent(type, object));
    }

    /** POSTs {@code payload} to {@code url} with {@code Stripe-Signature: t=…,v1=…} as Stripe signs; returns the status. */
    public int deliverWebhook(String url, String secret, String payload) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/json; charset=utf-8")
                                    .header("Stripe-Signature", signature(payload, secret, clock.instant()))
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("webhook delivery failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" keyed with the endpoint secret>}, like Stripe. */
    public static String signature(String payload, String secret, Instant at) {
        try {
            long t = at.getEpochSecond();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets every PaymentIntent, refund, idempotent response, granted token override and counter. */
    public void reset() {
        api.reset();
    }
}
