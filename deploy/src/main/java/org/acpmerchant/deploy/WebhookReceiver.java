package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.events.webhook.MerchantSignature;

/**
 * Plays the agent platform's order-events endpoint ({@code POST /agentic_checkout/webhooks/order_events}): verifies
 * every {@code Merchant-Signature}, answers 401 in ACP's error shape when it does not verify, prints what it
 * receives, and keeps it for tests. It can be told to fail for a while, like a receiver that is down.
 */
public final class WebhookReceiver {

    public static final String PATH = "/agentic_checkout/webhooks/order_events";

    /** One verified delivery; {@code traceParent} is the W3C trace context it came with (null: none). */
    public record Delivery(String type, String orderId, String status, String requestId, JsonNode body,
            String traceParent) {}

    private final byte[] secret;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean down;
    private HttpServer server;

    public WebhookReceiver(String secret, PrintStream out) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.out = out;
    }

    public WebhookReceiver start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(PATH, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** While down, every delivery gets a 503 and is not recorded. */
    public void setDown(boolean down) {
        this.down = down;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public int rejectedSignatures() {
        return rejected.get();
    }

    public int attempts() {
        return attempts.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        attempts.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (down) {
            respond(exchange, 503, "{\"type\":\"service_unavailable\",\"code\":\"down\",\"message\":\"receiver down\"}");
            return;
        }
        try {
            MerchantSignature.verify(secret, exchange.getRequestHeaders().getFirst(MerchantSignature.HEADER), body,
                    Clock.systemUTC(), MerchantSignature.DEFAULT_TOLERANCE);
        } catch (MerchantSignature.InvalidSignatureException e) {
            rejected.incrementAndGet();
            out.println("[agent webhook] REJECTED: " + e.getMessage());
            respond(exchange, 401, "{\"type\":\"invalid_request\",\"code\":\"invalid_signature\",\"message\":\""
                    + e.getMessage() + "\"}");
            return;
        }
        JsonNode event = json.readTree(body);
        String requestId = exchange.getRequestHeaders().getFirst("Request-Id");
        Delivery delivery = new Delivery(event.path("type").asText(), event.at("/data/id").asText(),
                event.at("/data/status").asText(), requestId, event,
                exchange.getRequestHeaders().getFirst("traceparent"));
        deliveries.add(delivery);
        out.println("[agent webhook] verified " + delivery.type() + " order=" + delivery.orderId() + " status="
                + delivery.status() + " request_id=" + requestId);
        respond(exchange, 200, "{\"received\":true,\"request_id\":\"" + (requestId == null ? "" : requestId) + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
