package org.acpmerchant.orders.ops.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.OrderCommand.PreviewRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RequestRefund;
import org.acpmerchant.orders.order.api.RefundAccepted;
import org.acpmerchant.orders.order.api.RefundPreview;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.platform.messaging.AuditMetadata;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ops/orders/{id}/refunds}: a refund by amount or by line items, idempotent by {@code Idempotency-Key}
 * (or the body's {@code refund_id}): the same key gives the same refund id and no second event. 202 with the refund;
 * 422 when it exceeds what remains or names unknown lines; 409 when the order was not captured or the key was used for
 * a different refund; 404 for an unknown order. The command carries the ops actor and the {@code Request-Id}.
 */
@RestController
class OpsRefundController {

    private final CommandGateway commands;
    private final OrderViewRepository views;
    private final Clock clock;

    OpsRefundController(CommandGateway commands, OrderViewRepository views, Clock clock) {
        this.commands = commands;
        this.views = views;
        this.clock = clock;
    }

    record LineItem(String id, int quantity) {}

    record RefundRequest(@JsonProperty("refund_id") String refundId, Long amount,
            @JsonProperty("line_items") List<LineItem> lineItems, String reason) {}

    @PostMapping("/ops/orders/{id}/refunds")
    ResponseEntity<Map<String, Object>> refund(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody RefundRequest body, HttpServletRequest http) {
        String key = idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : body.refundId();
        if (key == null || key.isBlank() || key.length() > 255) {
            return error(HttpStatus.BAD_REQUEST, "missing_idempotency_key",
                    "Send an Idempotency-Key header or a refund_id (at most 255 characters).");
        }
        var order = views.find(id);
        if (order.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such order.");
        }
        List<RefundLine> lines = body.lineItems() == null ? List.of()
                : body.lineItems().stream().map(l -> new RefundLine(l.id(), l.quantity())).toList();
        RequestRefund command = new RequestRefund(id, refundId(id, key), body.amount(), lines,
                body.reason() == null ? "requested_by_merchant" : body.reason(), clock.instant());
        Map<String, Object> audit = new HashMap<>();
        audit.put(AuditMetadata.ACTOR, String.valueOf(http.getAttribute(OpsTokenFilter.ACTOR)));
        audit.put(AuditMetadata.SESSION_ID, order.get().path("checkout_session_id").asText());
        if (http.getHeader("Request-Id") != null) {
            audit.put(AuditMetadata.REQUEST_ID, http.getHeader("Request-Id"));
        }
        RefundAccepted accepted = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(audit));
        return ResponseEntity.accepted().body(Map.of("id", accepted.refundId(), "order_id", id,
                "amount", accepted.amountMinor(), "currency", accepted.currency(), "status", accepted.status()));
    }

    /**
     * {@code GET /ops/orders/{id}/refunds/preview?amount=500} or {@code ?line=li_1:1&line=li_2:2}: what that refund
     * would give back and what would remain refundable, by the order's own rules; nothing changes.
     */
    @GetMapping("/ops/orders/{id}/refunds/preview")
    ResponseEntity<Map<String, Object>> preview(@PathVariable String id,
            @RequestParam(required = false) Long amount, @RequestParam(name = "line", required = false) List<String> line) {
        List<RefundLine> lines = new java.util.ArrayList<>();
        for (String l : line == null ? List.<String>of() : line) {
            int colon = l.lastIndexOf(':');
            try {
                lines.add(new RefundLine(l.substring(0, colon), Integer.parseInt(l.substring(colon + 1))));
            } catch (RuntimeException e) {
                return error(HttpStatus.BAD_REQUEST, "invalid_line_items", "Each line is <line item id>:<quantity>.");
            }
        }
        RefundPreview preview = commands.sendAndWait(new PreviewRefund(id, amount, lines));
        return ResponseEntity.ok(Map.of("amount", preview.amountMinor(), "currency", preview.currency(),
                "remaining_before", preview.remainingBefore(), "remaining_after", preview.remainingAfter()));
    }

    /** The refund id for an order and idempotency key: stable, and distinct across orders. */
    static String refundId(String orderId, String key) {
        return "rfd_" + UUID.nameUUIDFromBytes((orderId + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("type", "invalid_request", "code", code, "message", message));
    }
}
