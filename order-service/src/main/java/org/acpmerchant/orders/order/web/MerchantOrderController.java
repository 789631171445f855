package org.acpmerchant.orders.order.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.acpmerchant.orders.order.api.OrderCommand;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.query.OrderViewRepository;
import org.acpmerchant.orders.webhook.WebhookOutbox;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant's side of an order: whole-order ship, deliver and cancel, the current ACP Order, and webhook deliveries
 * for ops. Fulfillments, line cancellations and returns are in {@link MerchantFulfillmentController}.
 */
@RestController
@RequestMapping("/merchant")
class MerchantOrderController {

    private final CommandGateway commands;
    private final OrderViewRepository views;
    private final WebhookOutbox outbox;
    private final Clock clock;
    private final HttpServletRequest request;

    MerchantOrderController(CommandGateway commands, OrderViewRepository views, WebhookOutbox outbox, Clock clock,
            HttpServletRequest request) {
        this.request = request;
        this.commands = commands;
        this.views = views;
        this.outbox = outbox;
        this.clock = clock;
    }

    record ShipRequest(String carrier, @JsonProperty("tracking_number") String trackingNumber,
            @JsonProperty("tracking_url") String trackingUrl) {}

    record CancelRequest(String reason) {}

    @GetMapping(value = "/orders/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> getOrder(@PathVariable String id) {
        return views.find(id).map(order -> ResponseEntity.ok(order.toString()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("not_found", "No such order.")));
    }

    /** The merchant accepts the order (needed with {@code acp.orders.confirmation: merchant}; else a no-op). */
    @PostMapping("/orders/{id}/confirm")
    ResponseEntity<Map<String, String>> confirmOrder(@PathVariable String id) {
        return send(new MerchantConfirmOrder(id, clock.instant()));
    }

    @PostMapping("/orders/{id}/ship")
    ResponseEntity<Map<String, String>> shipOrder(@PathVariable String id, @RequestBody(required = false) ShipRequest body) {
        ShipRequest request = body == null ? new ShipRequest(null, null, null) : body;
        return send(new ShipOrder(id, request.carrier(), request.trackingNumber(), request.trackingUrl(), clock.instant()));
    }

    @PostMapping("/orders/{id}/deliver")
    ResponseEntity<Map<String, String>> deliverOrder(@PathVariable String id) {
        return send(new DeliverOrder(id, clock.instant()));
    }

    @PostMapping("/orders/{id}/cancel")
    ResponseEntity<Map<String, String>> cancelOrder(@PathVariable String id, @RequestBody(required = false) CancelRequest body) {
        String reason = body == null || body.reason() == null ? "merchant_canceled" : body.reason();
        return send(new CancelOrder(id, reason, clock.instant()));
    }

    @GetMapping("/orders/{id}/webhook-deliveries")
    List<WebhookOutbox.DeliveryView> webhookDeliveries(@PathVariable String id) {
        return outbox.deliveriesOf(id);
    }

    @PostMapping("/webhook-deliveries/{deliveryId}/redeliver")
    ResponseEntity<Map<String, String>> redeliver(@PathVariable String deliveryId) {
        return outbox.redeliver(deliveryId, clock.instant())
                ? ResponseEntity.accepted().body(Map.of("id", deliveryId, "status", WebhookOutbox.PENDING))
                : ResponseEntity.status(HttpStatus.CONFLICT).body(
                        Map.of("type", "invalid_request", "code", "not_parked", "message", "The delivery is not parked."));
    }

    private ResponseEntity<Map<String, String>> send(OrderCommand command) {
        MerchantCommands.send(commands, views, request, command);
        return ResponseEntity.accepted().body(Map.of("id", command.orderId()));
    }

    private static String error(String code, String message) {
        return "{\"type\":\"invalid_request\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }
}
