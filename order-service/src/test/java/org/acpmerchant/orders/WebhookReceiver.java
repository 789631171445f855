package org.acpmerchant.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.events.webhook.MerchantSignature;
import org.acpmerchant.orders.order.query.AcpOrderDocument;

/** An agent's order-events endpoint: verifies every signature, records what it accepted, can be switched to 500. */
final class WebhookReceiver {

    static final String PATH = "/agentic_checkout/webhooks/order_events";

    record Received(String requestId, String timestamp, String type, JsonNode order) {
        String orderId() {
            return order.path("id").asText();
        }

        String status() {
            return order.path("status").asText();
        }
    }

    final List<Received> accepted = new CopyOnWriteArrayList<>();
    final List<String> refusedRequestIds = new CopyOnWriteArrayList<>();
    final AtomicInteger badSignatures = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    private final HttpServer server;

    WebhookReceiver(byte[] secret) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String requestId = exchange.getRequestHeaders().getFirst("Request-Id");
            int status;
            String answer;
            try {
                MerchantSignature.verify(secret, exchange.getRequestHeaders().getFirst(MerchantSignature.HEADER), body,
                        Clock.systemUTC(), MerchantSignature.DEFAULT_TOLERANCE);
                if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    throw new MerchantSignature.InvalidSignatureException("content type");
                }
                if (down.get()) {
                    refusedRequestIds.add(requestId);
                    status = 500;
                    answer = "{\"type\":\"service_unavailable\",\"code\":\"down\",\"message\":\"down\"}";
                } else {
                    JsonNode event = AcpOrderDocument.JSON.readTree(body);
                    accepted.add(new Received(requestId, exchange.getRequestHeaders().getFirst("Timestamp"),
                            event.path("type").asText(), event.path("data")));
                    status = 200;
                    answer = "{\"received\":true,\"request_id\":\"" + requestId + "\"}";
                }
            } catch (MerchantSignature.InvalidSignatureException e) {
                badSignatures.incrementAndGet();
                status = 401;
                answer = "{\"type\":\"invalid_request\",\"code\":\"invalid_signature\",\"message\":\"" + e.getMessage() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Received> of(String orderId) {
        return accepted.stream().filter(r -> r.orderId().equals(orderId)).toList();
    }
}
