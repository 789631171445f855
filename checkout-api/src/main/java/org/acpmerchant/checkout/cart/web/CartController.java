package org.acpmerchant.checkout.cart.web;

import org.acpmerchant.checkout.cart.Carts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Function;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AcpEdgeFilter;
import org.acpmerchant.checkout.edge.AcpErrors;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.versions.ApiVersions;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.IdempotentExecution;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.platform.axon.AxonJson;
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

    private final Carts carts;
    private final AcpRequestParser parser;
    private final AcpSessionRenderer renderer;
    private final IdempotentExecution execution;
    private final int maxBodyBytes;
    private final ObjectMapper json = AxonJson.newObjectMapper();

    CartController(Carts carts, AcpRequestParser parser, AcpSessionRenderer renderer, IdempotencyStore idempotency,
            CheckoutProperties props) {
        this.carts = carts;
        this.parser = parser;
        this.renderer = renderer;
        this.execution = new IdempotentExecution(idempotency);
        this.maxBodyBytes = props.maxBodyBytes();
    }

    @PostMapping("/carts")
    ResponseEntity<String> createCart(HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 201, key -> {
            var parsed = parser.parseCart(body);
            return render(carts.create(agent(request), parsed.lines(), parsed.buyer(), key));
        });
    }

    @GetMapping("/carts/{id}")
    ResponseEntity<String> getCart(@PathVariable String id, HttpServletRequest request) {
        ResponseEntity<String> refused = refuseOldVersions(request);
        if (refused != null) {
            return refused;
        }
        try {
            return json(200, render(carts.get(agent(request), id)).toString());
        } catch (AcpException e) {
            return json(e.status(), AcpErrors.body(e));
        }
    }

    @PutMapping("/carts/{id}")
    ResponseEntity<String> updateCart(@PathVariable String id, HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 200, key -> {
            var parsed = parser.parseCart(body);
            return render(carts.replace(agent(request), id, parsed.lines(), parsed.buyer(), key));
        });
    }

    @PostMapping("/carts/{id}/cancel")
    ResponseEntity<String> cancelCart(@PathVariable String id, HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return idempotent(request, body, 200, key -> render(carts.cancel(agent(request), id, key)));
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
            Function<IdempotencyKey, ObjectNode> action) {
        ResponseEntity<String> refused = refuseOldVersions(request);
        if (refused != null) {
            return refused;
        }
        var outcome = execution.run(agent(request), request.getRequestURI(), request.getHeader("Idempotency-Key"),
                body, success, key -> action.apply(key).toString(),
                cartId -> render(carts.find(agent(request), cartId)).toString());
        var response = ResponseEntity.status(outcome.status()).contentType(MediaType.APPLICATION_JSON);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        if (outcome.retryAfterSeconds() != null) {
            response.header("Retry-After", outcome.retryAfterSeconds().toString());
        }
        return response.body(outcome.body());
    }

    /** Carts exist from ACP 2026-04-17 on. */
    private static ResponseEntity<String> refuseOldVersions(HttpServletRequest request) {
        if (ApiVersions.CANONICAL.equals(request.getAttribute(AcpEdgeFilter.VERSION_ATTRIBUTE))) {
            return null;
        }
        return json(400, AcpErrors.body(new AcpException(400, "invalid_request", "unsupported_api_version",
                "Carts are served from API version " + ApiVersions.CANONICAL + ".", null,
                java.util.List.of(ApiVersions.CANONICAL), null)));
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
