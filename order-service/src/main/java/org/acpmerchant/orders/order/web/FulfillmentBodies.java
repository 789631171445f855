package org.acpmerchant.orders.order.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.LineQuantity;

/**
 * The merchant fulfillment API's request bodies, bound by Jackson (snake_case records) and then checked. Binding is
 * strict: no value changes JSON type on the way ({@code 5} is not the string {@code "5"}, {@code 1.0} and
 * {@code "1"} are not the integer 1), unknown fields are ignored, and a value of the wrong type is refused with the
 * JSONPath of where it stood. Everything is a 400 {@link InvalidBodyException}: {@code invalid_json} for a body that is
 * not one JSON object, {@code invalid_line_items} for anything under {@code line_items}, {@code invalid_url} and
 * {@code invalid_date_time} for those formats, {@code invalid_request} for the rest.
 */
final class FulfillmentBodies {

    static final int MAX_TEXT = 500;

    private static final ObjectMapper STRICT = strict();

    private FulfillmentBodies() {}

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

    record LineItem(String id, BigInteger quantity) {}

    record NewFulfillment(String type, @JsonProperty("line_items") List<LineItem> lineItems, String description) {}

    record Shipment(String carrier, @JsonProperty("tracking_number") String trackingNumber,
            @JsonProperty("tracking_url") String trackingUrl) {}

    record CarrierEvent(String type, String description, String location,
            @JsonProperty("occurred_at") String occurredAt) {}

    record Access(@JsonProperty("access_url") String accessUrl, @JsonProperty("license_key") String licenseKey,
            @JsonProperty("expires_at") String expiresAt) {}

    record Delivery(@JsonProperty("digital_delivery") Access digitalDelivery) {}

    record DigitalGoods(@JsonProperty("access_url") String accessUrl, @JsonProperty("license_key") String licenseKey,
            @JsonProperty("expires_at") String expiresAt, @JsonProperty("line_items") List<LineItem> lineItems) {
        Access access() {
            return new Access(accessUrl, licenseKey, expiresAt);
        }
    }

    record Cancellation(@JsonProperty("cancellation_id") String cancellationId,
            @JsonProperty("line_items") List<LineItem> lineItems, String reason) {}

    record Return(@JsonProperty("return_id") String returnId, @JsonProperty("line_items") List<LineItem> lineItems,
            String reason) {}

    /** The body bound to {@code type}; an absent or blank body is an empty object. */
    static <T> T read(String raw, Class<T> type) {
        String json = raw == null || raw.isBlank() ? "{}" : raw;
        try {
            T body = STRICT.readValue(json, type);
            if (body == null) {
                throw new InvalidBodyException("invalid_json", "$", "The body must be a JSON object.");
            }
            return body;
        } catch (JsonMappingException e) {
            String path = path(e.getPath());
            if ("$".equals(path)) {
                throw new InvalidBodyException("invalid_json", "$", "The body must be a JSON object.");
            }
            String code = path.startsWith("$.line_items") ? "invalid_line_items" : "invalid_request";
            throw new InvalidBodyException(code, path, path + " has the wrong JSON type.");
        } catch (JsonProcessingException e) {
            throw new InvalidBodyException("invalid_json", "$", "The body is not valid JSON.");
        }
    }

    /** A non-empty string of at most {@link #MAX_TEXT} characters, or null when absent. */
    static String text(String value, String param) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidBodyException("invalid_request", param, param + " must be a non-empty string.");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidBodyException("invalid_request", param, param + " is longer than " + MAX_TEXT
                    + " characters.");
        }
        return value;
    }

    /** An absolute http(s) URL (the schema's {@code format: uri}), or null when absent. */
    static String url(String value, String param) {
        String text = text(value, param);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // falls through to the error below
        }
        throw new InvalidBodyException("invalid_url", param, param + " must be an absolute http(s) URL.");
    }

    /** An RFC 3339 date-time, or null when absent. */
    static Instant instant(String value, String param) {
        String text = text(value, param);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidBodyException("invalid_date_time", param, param + " must be an RFC 3339 date-time.");
        }
    }

    static DigitalDelivery digitalDelivery(Access access, String path) {
        return new DigitalDelivery(url(access.accessUrl(), path + ".access_url"),
                text(access.licenseKey(), path + ".license_key"), instant(access.expiresAt(), path + ".expires_at"));
    }

    /** {@code line_items: [{id, quantity}]}: ids are non-empty strings, quantities integers of at least 1. */
    static List<LineQuantity> lines(List<LineItem> items, boolean required) {
        if (items == null) {
            if (required) {
                throw new InvalidBodyException("invalid_line_items", "$.line_items", "line_items is required.");
            }
            return List.of();
        }
        if (items.isEmpty()) {
            throw new InvalidBodyException("invalid_line_items", "$.line_items",
                    "line_items must be a non-empty array of {id, quantity}.");
        }
        List<LineQuantity> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            LineItem item = items.get(i);
            String at = "$.line_items[" + i + "]";
            if (item == null) {
                throw new InvalidBodyException("invalid_line_items", at, "Each line item is an object {id, quantity}.");
            }
            if (item.id() == null || item.id().isBlank()) {
                throw new InvalidBodyException("invalid_line_items", at + ".id", "id must be a non-empty string.");
            }
            BigInteger quantity = item.quantity();
            if (quantity == null || quantity.signum() < 1 || quantity.bitLength() > 31) {
                throw new InvalidBodyException("invalid_line_items", at + ".quantity",
                        "quantity must be an integer of at least 1.");
            }
            lines.add(new LineQuantity(item.id(), quantity.intValue()));
        }
        return lines;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.EmptyString)) {
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.EmptyString, CoercionInputShape.String)) {
            mapper.coercionConfigFor(LogicalType.POJO).setCoercion(shape, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Collection).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }
}
