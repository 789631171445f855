package org.acpmerchant.checkout.session.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.acpmerchant.checkout.edge.AcpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AcpRequestParserTest {

    private final AcpRequestParser parser = new AcpRequestParser();

    private static final String CAPS = "\"capabilities\":{}";
    private static final String ITEMS = "\"line_items\":[{\"id\":\"shirt-m\"}]";
    private static final String ADDRESS =
            "{\"name\":\"Jo\",\"line_one\":\"1 Main\",\"city\":\"SF\",\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94131\"}";
    private static final String PAYMENT =
            "\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\",\"credential\":{\"type\":\"spt\",\"token\":\"spt_1\"}}}";

    static Stream<Arguments> badRequests() {
        return Stream.of(
                create("", "invalid_json", "$"),
                create("{", "invalid_json", "$"),
                create("{} {}", "invalid_json", "$"),
                create("[]", "invalid_type", "$"),
                create("\"text\"", "invalid_type", "$"),
                create("{\"currency\":\"usd\"," + CAPS + "}", "missing", "$.line_items"),
                create("{\"line_items\":{}, \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items"),
                create("{\"line_items\":[], \"currency\":\"usd\"," + CAPS + "}", "invalid", "$.line_items"),
                create("{\"line_items\":[\"shirt\"], \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items[0]"),
                create("{\"line_items\":[{}], \"currency\":\"usd\"," + CAPS + "}", "missing", "$.line_items[0].id"),
                create("{\"line_items\":[{\"id\":7}], \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items[0].id"),
                create("{\"line_items\":[{\"id\":\"\"}], \"currency\":\"usd\"," + CAPS + "}", "invalid", "$.line_items[0].id"),
                create("{\"line_items\":[{\"id\":\"a\",\"quantity\":0}], \"currency\":\"usd\"," + CAPS + "}", "invalid", "$.line_items[0].quantity"),
                create("{\"line_items\":[{\"id\":\"a\",\"quantity\":-3}], \"currency\":\"usd\"," + CAPS + "}", "invalid", "$.line_items[0].quantity"),
                create("{\"line_items\":[{\"id\":\"a\",\"quantity\":1.5}], \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items[0].quantity"),
                create("{\"line_items\":[{\"id\":\"a\",\"quantity\":\"2\"}], \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items[0].quantity"),
                create("{\"line_items\":[{\"id\":\"a\",\"quantity\":100000}], \"currency\":\"usd\"," + CAPS + "}", "invalid", "$.line_items[0].quantity"),
                create("{\"line_items\":[{\"id\":\"a\"},{\"id\":\"b\",\"quantity\":null},{\"id\":\"c\",\"quantity\":true}], \"currency\":\"usd\"," + CAPS + "}", "invalid_type", "$.line_items[2].quantity"),
                create("{" + ITEMS + "," + CAPS + "}", "missing", "$.currency"),
                create("{" + ITEMS + ",\"currency\":840," + CAPS + "}", "invalid_type", "$.currency"),
                create("{" + ITEMS + ",\"currency\":\"us\"," + CAPS + "}", "invalid", "$.currency"),
                create("{" + ITEMS + ",\"currency\":\"dollars\"," + CAPS + "}", "invalid", "$.currency"),
                create("{" + ITEMS + ",\"currency\":\"usd\"}", "missing", "$.capabilities"),
                create("{" + ITEMS + ",\"currency\":\"usd\",\"capabilities\":[]}", "invalid_type", "$.capabilities"),
                create("{" + ITEMS + ",\"currency\":\"usd\",\"capabilities\":{\"interventions\":{\"supported\":\"3ds\"}}}", "invalid_type", "$.capabilities.interventions.supported"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"buyer\":{}}", "missing", "$.buyer.email"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"buyer\":{\"email\":\"not-an-email\"}}", "invalid", "$.buyer.email"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"buyer\":{\"email\":\"a@b.co\",\"account_type\":\"vip\"}}", "invalid", "$.buyer.account_type"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"buyer\":\"jo\"}", "invalid_type", "$.buyer"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"fulfillment_details\":{\"address\":{}}}", "missing", "$.fulfillment_details.address.country"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"fulfillment_details\":{\"address\":{\"country\":\"USA\"}}}", "invalid", "$.fulfillment_details.address.country"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"fulfillment_details\":{\"address\":{\"country\":\"US\",\"name\":\"Jo\"}}}", "missing", "$.fulfillment_details.address.line_one"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"fulfillment_details\":{\"email\":\"x\"}}", "invalid", "$.fulfillment_details.email"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"order_notes\":\"" + "x".repeat(5001) + "\"}", "invalid", "$.order_notes"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"metadata\":[1]}", "invalid_type", "$.metadata"),
                create("{" + ITEMS + ",\"currency\":\"usd\"," + CAPS + ",\"discounts\":{\"codes\":[5]}}", "invalid_type", "$.discounts.codes[0]"),
                update("{\"line_items\":null}", "invalid", "$.line_items"),
                update("{\"line_items\":[{\"id\":\"a\",\"quantity\":0}]}", "invalid", "$.line_items[0].quantity"),
                update("{\"selected_fulfillment_options\":[{\"type\":\"shipping\"}]}", "missing", "$.selected_fulfillment_options[0].option_id"),
                update("{\"selected_fulfillment_options\":{}}", "invalid_type", "$.selected_fulfillment_options"),
                update("{\"fulfillment_details\":{\"address\":" + ADDRESS.replace("\"US\"", "\"U\"") + "}}", "invalid", "$.fulfillment_details.address.country"),
                complete("{}", "missing", "$.payment_data"),
                complete("{\"payment_data\":{}}", "missing", "$.payment_data.handler_id"),
                complete("{\"payment_data\":{\"handler_id\":\"card_tokenized\"}}", "missing", "$.payment_data.instrument"),
                complete("{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\"}}}", "missing", "$.payment_data.instrument.credential"),
                complete("{\"payment_data\":{\"handler_id\":\"card_tokenized\",\"instrument\":{\"type\":\"card\",\"credential\":{\"type\":\"spt\"}}}}", "missing", "$.payment_data.instrument.credential.token"),
                complete("{\"payment_data\":{\"purchase_order_number\":\"PO-1\"}}", "unsupported", "$.payment_data.purchase_order_number"),
                complete("{" + PAYMENT + ",\"authentication_result\":{}}", "missing", "$.authentication_result.outcome"),
                complete("{" + PAYMENT + ",\"buyer\":{\"email\":\"nope\"}}", "invalid", "$.buyer.email"),
                complete("{" + PAYMENT.replace("\"spt_1\"", "123") + "}", "invalid_type", "$.payment_data.instrument.credential.token"),
                cancel("[]", "invalid_type", "$"),
                cancel("{\"intent_trace\":{}}", "missing", "$.intent_trace.reason_code"),
                cancel("{\"intent_trace\":{\"reason_code\":\"other\",\"metadata\":{\"k\":[1]}}}", "invalid_type", "$.intent_trace.metadata.k"),
                cancel("{\"intent_trace\":{\"reason_code\":\"other\",\"trace_summary\":\"" + "y".repeat(501) + "\"}}", "invalid", "$.intent_trace.trace_summary"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} at {3}")
    @MethodSource("badRequests")
    void badRequest_isRefused_withCodeAndParam(String op, String body, String code, String param) {
        Consumer<byte[]> call = switch (op) {
            case "create" -> parser::parseCreate;
            case "update" -> parser::parseUpdate;
            case "complete" -> parser::parseComplete;
            default -> parser::parseCancel;
        };
        AcpException e = catchThrowableOfType(AcpException.class, () -> call.accept(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("%s must be refused", body).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request");
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.param()).isEqualTo(param);
    }

    @Test
    void create_acceptsTheOfficialExampleShape_withQuantities() {
        var request = parser.parseCreate(("{\"currency\":\"USD\",\"line_items\":[{\"id\":\"a\",\"quantity\":2.0},{\"id\":\"b\"}],"
                + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\",\"biometric\"]}},\"unknown\":1,"
                + "\"fulfillment_details\":{\"address\":" + ADDRESS + "}}").getBytes(StandardCharsets.UTF_8));
        assertThat(request.inputs().currency()).isEqualTo("usd");
        assertThat(request.inputs().lines()).extracting(l -> l.quantity()).containsExactly(2, 1);
        assertThat(request.inputs().agentInterventions()).containsExactly("3ds", "biometric");
    }

    @Test
    void update_distinguishesAbsentFromNull() {
        var update = parser.parseUpdate("{\"buyer\":null}".getBytes(StandardCharsets.UTF_8));
        assertThat(update.buyer().present()).isTrue();
        assertThat(update.buyer().value()).isNull();
        assertThat(update.fulfillment().present()).isFalse();
    }

    @Test
    void cancel_acceptsNoBody_andMapsUnknownReasonsToOther() {
        assertThat(parser.parseCancel(new byte[0]).reasonCode()).isNull();
        assertThat(parser.parseCancel("{\"intent_trace\":{\"reason_code\":\"brand_new_reason\"}}"
                .getBytes(StandardCharsets.UTF_8)).reasonCode()).isEqualTo("other");
    }

    private static Arguments create(String body, String code, String param) {
        return Arguments.of("create", body, code, param);
    }

    private static Arguments update(String body, String code, String param) {
        return Arguments.of("update", body, code, param);
    }

    private static Arguments complete(String body, String code, String param) {
        return Arguments.of("complete", body, code, param);
    }

    private static Arguments cancel(String body, String code, String param) {
        return Arguments.of("cancel", body, code, param);
    }
}
