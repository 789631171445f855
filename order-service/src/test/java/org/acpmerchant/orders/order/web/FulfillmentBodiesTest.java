package org.acpmerchant.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.web.FulfillmentBodies.InvalidBodyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FulfillmentBodiesTest {

    /** Every body type with a valid example: its text fields, and whether it has line items. */
    private static final Map<Class<?>, String> VALID = Map.of(
            FulfillmentBodies.NewFulfillment.class,
            "{\"type\":\"shipping\",\"description\":\"Box 1\",\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
            FulfillmentBodies.Shipment.class,
            "{\"carrier\":\"UPS\",\"tracking_number\":\"1Z\",\"tracking_url\":\"https://ups.example/1Z\"}",
            FulfillmentBodies.CarrierEvent.class,
            "{\"type\":\"in_transit\",\"description\":\"Hub\",\"location\":\"Memphis\",\"occurred_at\":\"2026-04-20T10:00:00Z\"}",
            FulfillmentBodies.DigitalGoods.class,
            "{\"access_url\":\"https://x.example/d\",\"license_key\":\"K\",\"expires_at\":\"2027-01-01T00:00:00Z\","
                    + "\"line_items\":[{\"id\":\"li_1\",\"quantity\":2}]}",
            FulfillmentBodies.Cancellation.class,
            "{\"cancellation_id\":\"c1\",\"reason\":\"out_of_stock\",\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}",
            FulfillmentBodies.Return.class,
            "{\"return_id\":\"r1\",\"reason\":\"damaged\",\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}]}");

    private static final Map<Class<?>, List<String>> TEXT_FIELDS = Map.of(
            FulfillmentBodies.NewFulfillment.class, List.of("type", "description"),
            FulfillmentBodies.Shipment.class, List.of("carrier", "tracking_number", "tracking_url"),
            FulfillmentBodies.CarrierEvent.class, List.of("type", "description", "location", "occurred_at"),
            FulfillmentBodies.DigitalGoods.class, List.of("access_url", "license_key", "expires_at"),
            FulfillmentBodies.Cancellation.class, List.of("cancellation_id", "reason"),
            FulfillmentBodies.Return.class, List.of("return_id", "reason"));

    private static final List<String> NOT_A_STRING = List.of("5", "1.5", "true", "{}", "[]", "[\"x\"]");
    private static final List<String> NOT_AN_INTEGER_OF_AT_LEAST_1 =
            List.of("0", "-1", "1.5", "1.0", "\"1\"", "true", "{}", "[]", "null", "3000000000");

    /** For every text field of every body: each JSON type that is not a string, put where the string goes. */
    static Stream<Arguments> wrongTypesOfText() {
        List<Arguments> cases = new ArrayList<>();
        TEXT_FIELDS.forEach((type, fields) -> fields.forEach(field -> NOT_A_STRING.forEach(value -> cases.add(
                Arguments.of(type.getSimpleName() + "." + field + "=" + value, type,
                        replace(VALID.get(type), field, value), "$." + field)))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypesOfText")
    void aTextFieldOfAnotherJsonType_isRefusedWhereItStands(String name, Class<?> type, String body, String param) {
        InvalidBodyException e = refused(body, type);
        assertThat(e.code).isEqualTo("invalid_request");
        assertThat(e.param).isEqualTo(param);
    }

    /** For every body with line items: each bad quantity, and each bad shape of the list and its items. */
    static Stream<Arguments> badLineItems() {
        List<Arguments> cases = new ArrayList<>();
        for (Class<?> type : List.of(FulfillmentBodies.NewFulfillment.class, FulfillmentBodies.DigitalGoods.class,
                FulfillmentBodies.Cancellation.class, FulfillmentBodies.Return.class)) {
            String valid = VALID.get(type);
            for (String q : NOT_AN_INTEGER_OF_AT_LEAST_1) {
                cases.add(Arguments.of(type, replace(valid, "line_items", "[{\"id\":\"li_1\",\"quantity\":" + q + "}]"),
                        "$.line_items[0].quantity"));
            }
            for (String id : List.of("5", "\"\"", "\" \"", "null", "{}", "[]")) {
                cases.add(Arguments.of(type, replace(valid, "line_items",
                        "[{\"id\":\"li_1\",\"quantity\":1},{\"id\":" + id + ",\"quantity\":1}]"), "$.line_items[1].id"));
            }
            for (String item : List.of("\"li_1\"", "5", "null", "[]")) {
                cases.add(Arguments.of(type, replace(valid, "line_items", "[" + item + "]"), "$.line_items[0]"));
            }
            for (String list : List.of("[]", "{}", "\"li_1\"", "5")) {
                cases.add(Arguments.of(type, replace(valid, "line_items", list), "$.line_items"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badLineItems")
    void badLineItems_areRefusedWhereTheyStand(Class<?> type, String body, String param) {
        InvalidBodyException e = catchThrowableOfType(InvalidBodyException.class, () -> {
            Object bound = FulfillmentBodies.read(body, type);
            FulfillmentBodies.lines(lineItems(bound), true);
        });
        assertThat(e).as(body).isNotNull();
        assertThat(e.code).isEqualTo("invalid_line_items");
        assertThat(e.param).isEqualTo(param);
    }

    @Test
    void theValidBodies_bindAndPass() {
        VALID.forEach((type, body) -> assertThat(FulfillmentBodies.read(body, type)).isNotNull());
        var goods = FulfillmentBodies.read(VALID.get(FulfillmentBodies.DigitalGoods.class),
                FulfillmentBodies.DigitalGoods.class);
        assertThat(FulfillmentBodies.lines(goods.lineItems(), true)).containsExactly(new LineQuantity("li_1", 2));
        assertThat(FulfillmentBodies.digitalDelivery(goods.access(), "$").expiresAt())
                .hasToString("2027-01-01T00:00:00Z");
        assertThat(FulfillmentBodies.read("{\"unknown\":[1,{}],\"carrier\":\"UPS\"}", FulfillmentBodies.Shipment.class)
                .carrier()).as("unknown fields are ignored").isEqualTo("UPS");
        assertThat(FulfillmentBodies.read(null, FulfillmentBodies.Shipment.class).carrier()).isNull();
        assertThat(FulfillmentBodies.read("  ", FulfillmentBodies.Delivery.class).digitalDelivery()).isNull();
    }

    @Test
    void aBodyThatIsNotOneJsonObject_isInvalidJson() {
        for (String body : List.of("{", "[]", "\"x\"", "5", "null", "{} {}", "{\"carrier\":\"UPS\"} x")) {
            InvalidBodyException e = refused(body, FulfillmentBodies.Shipment.class);
            assertThat(e.code).as(body).isEqualTo("invalid_json");
            assertThat(e.param).as(body).isEqualTo("$");
        }
    }

    @Test
    void formats_areCheckedAfterBinding() {
        var bound = FulfillmentBodies.read("{\"digital_delivery\":{\"access_url\":\"ftp://x\"}}",
                FulfillmentBodies.Delivery.class);
        InvalidBodyException url = catchThrowableOfType(InvalidBodyException.class,
                () -> FulfillmentBodies.digitalDelivery(bound.digitalDelivery(), "$.digital_delivery"));
        assertThat(url.code).isEqualTo("invalid_url");
        assertThat(url.param).isEqualTo("$.digital_delivery.access_url");
        InvalidBodyException date = catchThrowableOfType(InvalidBodyException.class,
                () -> FulfillmentBodies.instant("tomorrow", "$.occurred_at"));
        assertThat(date.code).isEqualTo("invalid_date_time");
        InvalidBodyException nested = refused("{\"digital_delivery\":\"https://x.example\"}",
                FulfillmentBodies.Delivery.class);
        assertThat(nested.code).isEqualTo("invalid_request");
        assertThat(nested.param).isEqualTo("$.digital_delivery");
        InvalidBodyException longText = catchThrowableOfType(InvalidBodyException.class,
                () -> FulfillmentBodies.text("x".repeat(FulfillmentBodies.MAX_TEXT + 1), "$.reason"));
        assertThat(longText.param).isEqualTo("$.reason");
    }

    private static InvalidBodyException refused(String body, Class<?> type) {
        InvalidBodyException e = catchThrowableOfType(InvalidBodyException.class, () -> {
            Object bound = FulfillmentBodies.read(body, type);
            TEXT_FIELDS.getOrDefault(type, List.of()).forEach(f -> FulfillmentBodies.text(textOf(bound, f), "$." + f));
        });
        assertThat(e).as("%s must be refused", body).isNotNull();
        return e;
    }

    private static String textOf(Object bound, String field) {
        if (bound instanceof FulfillmentBodies.NewFulfillment b) {
            return field.equals("type") ? b.type() : b.description();
        }
        if (bound instanceof FulfillmentBodies.Shipment b) {
            return field.equals("carrier") ? b.carrier()
                    : field.equals("tracking_number") ? b.trackingNumber() : b.trackingUrl();
        }
        if (bound instanceof FulfillmentBodies.CarrierEvent b) {
            return field.equals("type") ? b.type() : field.equals("description") ? b.description()
                    : field.equals("location") ? b.location() : b.occurredAt();
        }
        if (bound instanceof FulfillmentBodies.DigitalGoods b) {
            return field.equals("access_url") ? b.accessUrl()
                    : field.equals("license_key") ? b.licenseKey() : b.expiresAt();
        }
        if (bound instanceof FulfillmentBodies.Cancellation b) {
            return field.equals("reason") ? b.reason() : b.cancellationId();
        }
        if (bound instanceof FulfillmentBodies.Return b) {
            return field.equals("reason") ? b.reason() : b.returnId();
        }
        return null;
    }

    private static List<FulfillmentBodies.LineItem> lineItems(Object bound) {
        if (bound instanceof FulfillmentBodies.NewFulfillment b) {
            return b.lineItems();
        }
        if (bound instanceof FulfillmentBodies.DigitalGoods b) {
            return b.lineItems();
        }
        if (bound instanceof FulfillmentBodies.Cancellation b) {
            return b.lineItems();
        }
        return ((FulfillmentBodies.Return) bound).lineItems();
    }

    /** The body with {@code field}'s value replaced by the raw JSON {@code value}. */
    private static String replace(String body, String field, String value) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) read(body);
        node.set(field, read(value));
        return node.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
