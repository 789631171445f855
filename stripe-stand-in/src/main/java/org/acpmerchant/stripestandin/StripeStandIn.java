package org.acpmerchant.stripestandin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A local, stateful stand-in for the part of the Stripe API payment-service uses: PaymentIntents (create, retrieve,
 * confirm, capture, cancel), refunds and shared payment granted tokens. An in-process WireMock server whose one
 * catch-all stub is answered by {@link StripeApi}, which keeps everything in memory and honours
 * {@code Idempotency-Key}. The behaviour of each documented test token is listed in the module's README.
 */
public final class StripeStandIn {

    private final StripeApi api;
    private WireMockServer server;

    public StripeStandIn() {
        this(Clock.systemUTC());
    }

    public StripeStandIn(Clock clock) {
        this.api = new StripeApi(clock);
    }

    /** Starts the server on {@code port} (0 = a free port) and returns this stand-in. */
    public synchronized StripeStandIn start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = new WireMockServer(wireMockConfig().port(port).extensions(api).containerThreads(20));
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
        server.start();
        return this;
    }

    /** The API base to give stripe-java ({@code StripeClient.builder().setApiBase(...)}), e.g. {@code http://localhost:1234}. */
    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return "http://localhost:" + server.port();
    }

    public synchronized int port() {
        return server.port();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
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

    /** Forgets every PaymentIntent, refund, idempotent response, granted token override and counter. */
    public void reset() {
        api.reset();
    }
}
