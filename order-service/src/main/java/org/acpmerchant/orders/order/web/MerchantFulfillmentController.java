package org.acpmerchant.orders.order.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.acpmerchant.orders.order.api.AdjustmentAccepted;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.FulfillmentAccepted;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCommand;
import org.acpmerchant.orders.order.api.OrderCommand.CancelLineItems;
import org.acpmerchant.orders.order.api.OrderCommand.CreateFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverDigitalGoods;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.MarkReadyForPickup;
import org.acpmerchant.orders.order.api.OrderCommand.RecordCarrierEvent;
import org.acpmerchant.orders.order.api.OrderCommand.RecordReturn;
import org.acpmerchant.orders.order.api.OrderCommand.ShipFulfillment;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant's fulfillments, line-item cancellations and returns of an order (ADR 0018). Every call is one command
 * on the {@code Order}; its events become {@code order_update} webhooks. The body is checked here (400 with a JSONPath
 * {@code param}); the order decides the rest (404 unknown order or fulfillment, 409 status or reused key, 422 line
 * items or quantities it refuses). A refused request changes nothing. Answers are 202 with the fulfillment or the
 * adjustment.
 */
@RestController
@RequestMapping("/merchant/orders/{id}")
class MerchantFulfillmentController {

    static final int MAX_TEXT = 500;
    private static final Set<String> TYPES = Set.of("shipping", "pickup", "digital");

    private final CommandGateway commands;
    private final OrderViewRepository views;
    private final Clock clock;
    private final HttpServletRequest request;

    MerchantFulfillmentController(CommandGateway commands, OrderViewRepository views, Clock clock,
            HttpServletRequest request) {
        this.commands = commands;
        this.views = views;
        this.clock = clock;
        this.request = request;
    }

    /** A 400 for a malformed body, with the JSONPath of the offending field. */
    static final class InvalidBodyException extends RuntimeException {
        final String code;
        final String param;

        InvalidBodyException(String code, String param, String message) {
            super(message);
            this.code = code;
            this.param = param;
        }
    }

    @PostMapping("/fulfillments")
    ResponseEntity<Map<String, Object>> createFulfillment(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        String type = text(body, "type");
        if (type != null && !TYPES.contains(type)) {
            throw new InvalidBodyException("invalid_fulfillment_type", "$.type",
                    "type must be shipping, pickup or digital.");
        }
        FulfillmentAccepted accepted = send(new CreateFulfillment(id, key(key, false), type,
                lines(body, false), text(body, "description"), clock.instant()));
        return fulfillment(id, accepted);
    }

    @PostMapping("/fulfillments/{fulfillmentId}/ship")
    ResponseEntity<Map<String, Object>> shipFulfillment(@PathVariable String id, @PathVariable String fulfillmentId,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        FulfillmentAccepted accepted = send(new ShipFulfillment(id, fulfillmentId, text(body, "carrier"),
                text(body, "tracking_number"), url(body, "tracking_url", "$.tracking_url"), clock.instant()));
        return fulfillment(id, accepted);
    }

    /**
     * A carrier scan of a shipped fulfillment: {@code {"type": "in_transit" | "out_for_delivery" | "failed_attempt",
     * "description"?, "location"?, "occurred_at"?}}; an {@code Idempotency-Key} makes a repeated report a no-op.
     */
    @PostMapping("/fulfillments/{fulfillmentId}/events")
    ResponseEntity<Map<String, Object>> recordCarrierEvent(@PathVariable String id, @PathVariable String fulfillmentId,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        String type = text(body, "type");
        if (type == null) {
            throw new InvalidBodyException("invalid_request", "$.type",
                    "type is required: in_transit, out_for_delivery or failed_attempt.");
        }
        java.time.Instant occurredAt = clock.instant();
        String at = text(body, "occurred_at");
        if (at != null) {
            try {
                occurredAt = java.time.OffsetDateTime.parse(at).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidBodyException("invalid_date_time", "$.occurred_at", "occurred_at must be an RFC 3339 date-time.");
            }
        }
        return fulfillment(id, send(new RecordCarrierEvent(id, fulfillmentId, type, text(body, "description"),
                text(body, "location"), key(key, false), occurredAt)));
    }

    @PostMapping("/fulfillments/{fulfillmentId}/ready_for_pickup")
    ResponseEntity<Map<String, Object>> markReadyForPickup(@PathVariable String id, @PathVariable String fulfillmentId) {
        return fulfillment(id, send(new MarkReadyForPickup(id, fulfillmentId, clock.instant())));
    }

    @PostMapping("/fulfillments/{fulfillmentId}/picked_up")
    ResponseEntity<Map<String, Object>> markPickedUp(@PathVariable String id, @PathVariable String fulfillmentId) {
        return fulfillment(id, send(new DeliverFulfillment(id, fulfillmentId, "pickup", null, clock.instant())));
    }

    @PostMapping("/fulfillments/{fulfillmentId}/deliver")
    ResponseEntity<Map<String, Object>> deliverFulfillment(@PathVariable String id, @PathVariable String fulfillmentId,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        JsonNode digital = body.get("digital_delivery");
        DigitalDelivery delivery = null;
        if (digital != null && !digital.isNull()) {
            if (!digital.isObject()) {
                throw new InvalidBodyException("invalid_request", "$.digital_delivery", "digital_delivery must be an object.");
            }
            delivery = digitalDelivery(digital, "$.digital_delivery");
        }
        return fulfillment(id, send(new DeliverFulfillment(id, fulfillmentId, null, delivery, clock.instant())));
    }

    @PostMapping("/digital_deliveries")
    ResponseEntity<Map<String, Object>> deliverDigitalGoods(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        DigitalDelivery delivery = digitalDelivery(body, "$");
        if (delivery.accessUrl() == null && delivery.licenseKey() == null) {
            throw new InvalidBodyException("invalid_request", "$.access_url",
                    "Give an access_url or a license_key (or both).");
        }
        return fulfillment(id, send(new DeliverDigitalGoods(id, key(key, false), lines(body, false), delivery,
                clock.instant())));
    }

    @PostMapping("/line_item_cancellations")
    ResponseEntity<Map<String, Object>> cancelLineItems(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        String cancellationId = adjustmentId("cnl_", id, key(key != null ? key : text(body, "cancellation_id"), true));
        AdjustmentAccepted accepted = send(new CancelLineItems(id, cancellationId, lines(body, true),
                reason(body, "merchant_canceled"), clock.instant()));
        return adjustment(id, accepted);
    }

    @PostMapping("/returns")
    ResponseEntity<Map<String, Object>> recordReturn(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        JsonNode body = body(raw);
        String returnId = adjustmentId("ret_", id, key(key != null ? key : text(body, "return_id"), true));
        AdjustmentAccepted accepted = send(new RecordReturn(id, returnId, lines(body, true),
                reason(body, "returned_by_buyer"), clock.instant()));
        return adjustment(id, accepted);
    }

    /** The adjustment id for an order, kind and idempotency key: stable, distinct across orders and kinds. */
    static String adjustmentId(String prefix, String orderId, String key) {
        return prefix + UUID.nameUUIDFromBytes((orderId + "|" + prefix + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private static JsonNode body(String raw) {
        if (raw == null || raw.isBlank()) {
            return AcpOrderDocument.JSON.createObjectNode();
        }
        try {
            JsonNode node = AcpOrderDocument.JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new InvalidBodyException("invalid_json", "$", "The body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidBodyException("invalid_json", "$", "The body is not valid JSON.");
        }
    }

    private static String key(String key, boolean required) {
        if (key == null || key.isBlank()) {
            if (required) {
                throw new InvalidBodyException("missing_idempotency_key", null,
                        "Send an Idempotency-Key header (or the body's id field), at most 255 characters.");
            }
            return null;
        }
        if (key.length() > 255) {
            throw new InvalidBodyException("missing_idempotency_key", null, "The Idempotency-Key is longer than 255 characters.");
        }
        return key;
    }

    private static String text(JsonNode body, String field) {
        return text(body, field, "$." + field);
    }

    private static String text(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidBodyException("invalid_request", param, field + " must be a non-empty string.");
        }
        if (value.asText().length() > MAX_TEXT) {
            throw new InvalidBodyException("invalid_request", param, field + " is longer than " + MAX_TEXT + " characters.");
        }
        return value.asText();
    }

    private static String reason(JsonNode body, String fallback) {
        String reason = text(body, "reason");
        return reason == null ? fallback : reason;
    }

    /** An absolute http(s) URL (the schema's {@code format: uri}), or null when absent. */
    private static String url(JsonNode body, String field, String param) {
        String value = text(body, field, param);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // falls through to the error below
        }
        throw new InvalidBodyException("invalid_url", param, field + " must be an absolute http(s) URL.");
    }

    private static DigitalDelivery digitalDelivery(JsonNode node, String path) {
        String accessUrl = url(node, "access_url", path + ".access_url");
        String licenseKey = text(node, "license_key", path + ".license_key");
        String expires = text(node, "expires_at", path + ".expires_at");
        Instant expiresAt = null;
        if (expires != null) {
            try {
                expiresAt = OffsetDateTime.parse(expires).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidBodyException("invalid_date_time", path + ".expires_at",
                        "expires_at must be an RFC 3339 date-time.");
            }
        }
        return new DigitalDelivery(accessUrl, licenseKey, expiresAt);
    }

    /** {@code line_items: [{id, quantity}]}: ids are non-empty strings, quantities integers of at least 1. */
    private static List<LineQuantity> lines(JsonNode body, boolean required) {
        JsonNode items = body.get("line_items");
        if (items == null || items.isNull()) {
            if (required) {
                throw new InvalidBodyException("invalid_line_items", "$.line_items", "line_items is required.");
            }
            return List.of();
        }
        if (!items.isArray() || items.isEmpty()) {
            throw new InvalidBodyException("invalid_line_items", "$.line_items",
                    "line_items must be a non-empty array of {id, quantity}.");
        }
        List<LineQuantity> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "$.line_items[" + i + "]";
            if (!item.isObject()) {
                throw new InvalidBodyException("invalid_line_items", at, "Each line item is an object {id, quantity}.");
            }
            JsonNode lineId = item.get("id");
            if (lineId == null || !lineId.isTextual() || lineId.asText().isBlank()) {
                throw new InvalidBodyException("invalid_line_items", at + ".id", "id must be a non-empty string.");
            }
            JsonNode quantity = item.get("quantity");
            if (quantity == null || !quantity.canConvertToInt() || !quantity.isIntegralNumber() || quantity.asInt() < 1) {
                throw new InvalidBodyException("invalid_line_items", at + ".quantity",
                        "quantity must be an integer of at least 1.");
            }
            lines.add(new LineQuantity(lineId.asText(), quantity.asInt()));
        }
        return lines;
    }

    private ResponseEntity<Map<String, Object>> fulfillment(String orderId, FulfillmentAccepted accepted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", accepted.fulfillmentId());
        body.put("order_id", orderId);
        body.put("type", accepted.fulfillmentType());
        body.put("status", accepted.status());
        body.put("line_items", references(accepted.lines()));
        return ResponseEntity.accepted().body(body);
    }

    private ResponseEntity<Map<String, Object>> adjustment(String orderId, AdjustmentAccepted accepted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", accepted.id());
        body.put("order_id", orderId);
        body.put("type", accepted.type());
        body.put("amount", accepted.amountMinor());
        body.put("currency", accepted.currency());
        body.put("status", accepted.status());
        body.put("line_items", references(accepted.lines()));
        return ResponseEntity.accepted().body(body);
    }

    private static List<Map<String, Object>> references(List<LineQuantity> lines) {
        return lines.stream().map(l -> {
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("id", l.lineItemId());
            reference.put("quantity", l.quantity());
            return reference;
        }).toList();
    }

    private <R> R send(OrderCommand command) {
        return MerchantCommands.send(commands, views, request, command);
    }
}
