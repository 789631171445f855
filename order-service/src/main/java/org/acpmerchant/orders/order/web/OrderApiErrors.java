package org.acpmerchant.orders.order.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.acpmerchant.orders.order.domain.OrderChangeRefusedException;
import org.acpmerchant.orders.order.domain.OrderStateConflictException;
import org.acpmerchant.orders.order.domain.RefundRefusedException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * order-service's one error vocabulary for its merchant and ops APIs: what the {@code Order} refuses, in the ACP
 * error shape {@code {type, code, message[, param]}}, with one status per kind wherever it is refused —
 * no such order 404, a state that does not allow it 409, a key reused with another body 409, an unknown fulfillment
 * 404, any other refusal of the order's rules 422, an unreadable body 400 with the field's {@code param} (a body
 * that is not JSON at all: {@code invalid_json}, {@code $}).
 */
@RestControllerAdvice(basePackages = "org.acpmerchant.orders")
public class OrderApiErrors {

    /** A body that is not JSON, or not the shape the endpoint binds (a word where a number goes). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "invalid_json", "The body is not the JSON this endpoint takes.", "$");
    }

    @ExceptionHandler(FulfillmentBodies.InvalidBodyException.class)
    ResponseEntity<Map<String, Object>> invalid(FulfillmentBodies.InvalidBodyException e) {
        return error(HttpStatus.BAD_REQUEST, e.code, e.getMessage(), e.param);
    }

    @ExceptionHandler({AggregateNotFoundException.class, OrderStateConflictException.class,
            OrderChangeRefusedException.class, RefundRefusedException.class, CommandExecutionException.class})
    ResponseEntity<Map<String, Object>> refused(RuntimeException e) {
        Throwable cause = e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AggregateNotFoundException) {
            return error(HttpStatus.NOT_FOUND, "not_found", "No such order.", null);
        }
        if (cause instanceof OrderStateConflictException) {
            return error(HttpStatus.CONFLICT, "invalid_state", cause.getMessage(), null);
        }
        if (cause instanceof OrderChangeRefusedException refused) {
            return error(statusOf(refused.code()), refused.code(), refused.getMessage(), null);
        }
        if (cause instanceof RefundRefusedException refused) {
            return error(statusOf(refused.code()), refused.code(), refused.getMessage(), null);
        }
        throw e;
    }

    static HttpStatus statusOf(String code) {
        return switch (code) {
            case "unknown_fulfillment" -> HttpStatus.NOT_FOUND;
            case "idempotency_key_reused" -> HttpStatus.CONFLICT;
            default -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message, String param) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "invalid_request");
        body.put("code", code);
        body.put("message", message == null ? code : message);
        if (param != null) {
            body.put("param", param);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
