package org.acpmerchant.orders.order.web;

import static org.acpmerchant.orders.order.web.FulfillmentBodies.digitalDelivery;
import static org.acpmerchant.orders.order.web.FulfillmentBodies.instant;
import static org.acpmerchant.orders.order.web.FulfillmentBodies.lines;
import static org.acpmerchant.orders.order.web.FulfillmentBodies.read;
import static org.acpmerchant.orders.order.web.FulfillmentBodies.text;
import static org.acpmerchant.orders.order.web.FulfillmentBodies.url;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.orders.order.web.FulfillmentBodies.CarrierEvent;
import org.acpmerchant.orders.order.web.FulfillmentBodies.Cancellation;
import org.acpmerchant.orders.order.web.FulfillmentBodies.Delivery;
import org.acpmerchant.orders.order.web.FulfillmentBodies.DigitalGoods;
import org.acpmerchant.orders.order.web.FulfillmentBodies.InvalidBodyException;
import org.acpmerchant.orders.order.web.FulfillmentBodies.NewFulfillment;
import org.acpmerchant.orders.order.web.FulfillmentBodies.Return;
import org.acpmerchant.orders.order.web.FulfillmentBodies.Shipment;
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
 * adjustment. Bodies are bound and checked by {@link FulfillmentBodies}.
 */
@RestController
@RequestMapping("/merchant/orders/{id}")
class MerchantFulfillmentController {

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

    @PostMapping("/fulfillments")
    ResponseEntity<Map<String, Object>> createFulfillment(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        NewFulfillment body = read(raw, NewFulfillment.class);
        String type = text(body.type(), "$.type");
        if (type != null && !TYPES.contains(type)) {
            throw new InvalidBodyException("invalid_fulfillment_type", "$.type",
                    "type must be shipping, pickup or digital.");
        }
        FulfillmentAccepted accepted = send(new CreateFulfillment(id, key(key, false), type,
                lines(body.lineItems(), false), text(body.description(), "$.description"), clock.instant()));
        return fulfillment(id, accepted);
    }

    @PostMapping("/fulfillments/{fulfillmentId}/ship")
    ResponseEntity<Map<String, Object>> shipFulfillment(@PathVariable String id, @PathVariable String fulfillmentId,
            @RequestBody(required = false) String raw) {
        Shipment body = read(raw, Shipment.class);
        FulfillmentAccepted accepted = send(new ShipFulfillment(id, fulfillmentId, text(body.carrier(), "$.carrier"),
                text(body.trackingNumber(), "$.tracking_number"), url(body.trackingUrl(), "$.tracking_url"),
                clock.instant()));
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
        CarrierEvent body = read(raw, CarrierEvent.class);
        String type = text(body.type(), "$.type");
        if (type == null) {
            throw new InvalidBodyException("invalid_request", "$.type",
                    "type is required: in_transit, out_for_delivery or failed_attempt.");
        }
        Instant occurredAt = instant(body.occurredAt(), "$.occurred_at");
        return fulfillment(id, send(new RecordCarrierEvent(id, fulfillmentId, type,
                text(body.description(), "$.description"), text(body.location(), "$.location"), key(key, false),
                occurredAt == null ? clock.instant() : occurredAt)));
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
        Delivery body = read(raw, Delivery.class);
        DigitalDelivery delivery = body.digitalDelivery() == null ? null
                : digitalDelivery(body.digitalDelivery(), "$.digital_delivery");
        return fulfillment(id, send(new DeliverFulfillment(id, fulfillmentId, null, delivery, clock.instant())));
    }

    @PostMapping("/digital_deliveries")
    ResponseEntity<Map<String, Object>> deliverDigitalGoods(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        DigitalGoods body = read(raw, DigitalGoods.class);
        DigitalDelivery delivery = digitalDelivery(body.access(), "$");
        if (delivery.accessUrl() == null && delivery.licenseKey() == null) {
            throw new InvalidBodyException("invalid_request", "$.access_url",
                    "Give an access_url or a license_key (or both).");
        }
        return fulfillment(id, send(new DeliverDigitalGoods(id, key(key, false), lines(body.lineItems(), false),
                delivery, clock.instant())));
    }

    @PostMapping("/line_item_cancellations")
    ResponseEntity<Map<String, Object>> cancelLineItems(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        Cancellation body = read(raw, Cancellation.class);
        String cancellationId = adjustmentId("cnl_", id,
                key(key != null ? key : text(body.cancellationId(), "$.cancellation_id"), true));
        AdjustmentAccepted accepted = send(new CancelLineItems(id, cancellationId, lines(body.lineItems(), true),
                reason(body.reason(), "merchant_canceled"), clock.instant()));
        return adjustment(id, accepted);
    }

    @PostMapping("/returns")
    ResponseEntity<Map<String, Object>> recordReturn(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) String raw) {
        Return body = read(raw, Return.class);
        String returnId = adjustmentId("ret_", id, key(key != null ? key : text(body.returnId(), "$.return_id"), true));
        AdjustmentAccepted accepted = send(new RecordReturn(id, returnId, lines(body.lineItems(), true),
                reason(body.reason(), "returned_by_buyer"), clock.instant()));
        return adjustment(id, accepted);
    }

    /** The adjustment id for an order, kind and idempotency key: stable, distinct across orders and kinds. */
    static String adjustmentId(String prefix, String orderId, String key) {
        return prefix + UUID.nameUUIDFromBytes((orderId + "|" + prefix + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
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

    private static String reason(String reason, String fallback) {
        String given = text(reason, "$.reason");
        return given == null ? fallback : given;
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
