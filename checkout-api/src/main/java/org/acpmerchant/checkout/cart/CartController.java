package org.acpmerchant.checkout.cart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Supplier;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpEdgeFilter;
import org.acpmerchant.checkout.edge.AcpErrors;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.session.application.PricingQuotes.PricingUnavailableException;
import org.acpmerchant.checkout.session.web.AcpRequestParser;
import org.acpmerchant.checkout.session.web.AcpSessionRenderer;
import org.acpmerchant.platform.axon.AxonJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** The ACP cart API (2026-04-17, optional): {@code POST /carts}, {@code GET|PUT /carts/{id}}, {@code POST …/cancel}. */
@RestController
class CartController {

    private static final Logger log = LoggerFactory.getLogger(CartController.class);

    private final Carts carts;
    private final AcpRequestParser parser;
    private final AcpSessionRenderer renderer;
    private final IdempotencyStore idempotency;
    private final int maxBodyBytes;
    private final ObjectMapper json = AxonJson.newObjectMapper();

    CartController(Carts carts, AcpRequestParser parser, AcpSessionRenderer renderer, IdempotencyStore idempotency,
            CheckoutProperties props) {
        this.carts = carts;
        this.parser = parser;
        this.renderer = renderer;
        this.idempotency = idempotency;
        this.maxBodyBytes = props.maxBodyBytes();
    }

    @PostMapping("/carts")
    ResponseEntity<String> createCart(HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 201, () -> {
            var parsed = parser.parseCart(body);
            return render(carts.create(agent(request), parsed.lines(), parsed.buyer()));
        });
    }

    @GetMapping("/carts/{id}")
    ResponseEntity<String> getCart(@PathVariable String id, HttpServletRequest request) {
        try {
            return json(200, render(carts.get(agent(request), id)).toString());
        } catch (AcpException e) {
            return json(e.status(), AcpErrors.body(e));
        }
    }

    @PutMapping("/carts/{id}")
    ResponseEntity<String> updateCart(@PathVariable String id, HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 200, () -> {
            var parsed = parser.parseCart(body);
            return render(carts.replace(agent(request), id, parsed.lines(), parsed.buyer()));
        });
    }

    @PostMapping("/carts/{id}/cancel")
    ResponseEntity<String> cancelCart(@PathVariable String id, HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 200, () -> render(carts.cancel(agent(request), id)));
    }

    ObjectNode render(Carts.Cart cart) {
        ObjectNode root = json.createObjectNode();
        root.put("id", cart.id());
        ArrayNode lines = root.putArray("line_items");
        cart.quote().lines().forEach(l -> lines.add(renderer.lineItem(l)));
        if (cart.buyer() != null) {
            root.set("buyer", renderer.buyer(cart.buyer()));
        }
        root.put("currency", cart.currency());
        ArrayNode totals = root.putArray("totals");
        cart.quote().totals().forEach(t -> totals.add(renderer.total(t.type(), t.displayText(), t.amount())));
        ArrayNode messages = root.putArray("messages");
        cart.quote().messages().stream()
                .filter(m -> !"missing".equals(m.code()))
                .forEach(m -> messages.add(renderer.message(m)));
        root.put("expires_at", cart.expiresAt().toString());
        return root;
    }

    private ResponseEntity<String> idempotent(HttpServletRequest request, byte[] body, int success,
            Supplier<ObjectNode> action) {
        String key = request.getHeader("Idempotency-Key");
        if (key == null || key.isEmpty() || key.length() > 255) {
            return json(400, AcpErrors.body(AcpException.invalid("idempotency_key_required",
                    "Idempotency-Key header is required", null)));
        }
        String agent = agent(request);
        String path = request.getRequestURI();
        var claim = idempotency.claim(agent, path, key, RequestFingerprint.of(body));
        if (claim instanceof IdempotencyStore.Replay replay) {
            return ResponseEntity.status(replay.status()).contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotent-Replayed", "true").body(replay.body());
        }
        if (claim instanceof IdempotencyStore.Conflict) {
            return json(422, AcpErrors.body(new AcpException(422, "invalid_request", "idempotency_conflict",
                    "Idempotency-Key has already been used with a different request body", null, null, null)));
        }
        if (claim instanceof IdempotencyStore.InFlight inFlight) {
            return ResponseEntity.status(409).contentType(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Long.toString(inFlight.retryAfterSeconds()))
                    .body(AcpErrors.body(new AcpException(409, "invalid_request", "idempotency_in_flight",
                            "A request with this Idempotency-Key is currently being processed", null, null, null)));
        }
        int status;
        String response;
        try {
            response = action.get().toString();
            status = success;
        } catch (AcpException e) {
            status = e.status();
            response = AcpErrors.body(e);
        } catch (PricingUnavailableException e) {
            status = 503;
            response = AcpErrors.body(new AcpException(503, "service_unavailable", "pricing_unavailable",
                    "Prices cannot be confirmed right now; retry shortly.", null, null, null));
        } catch (RuntimeException e) {
            log.error("unexpected failure in the cart API", e);
            status = 500;
            response = AcpErrors.body(new AcpException(500, "processing_error", "internal_error",
                    "The request could not be processed.", null, null, null));
        }
        idempotency.finish(agent, path, key, status, response);
        return json(status, response);
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        return request.getInputStream().readNBytes(maxBodyBytes + 1);
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static String agent(HttpServletRequest request) {
        return (String) request.getAttribute(AcpEdgeFilter.AGENT_ATTRIBUTE);
    }
}
