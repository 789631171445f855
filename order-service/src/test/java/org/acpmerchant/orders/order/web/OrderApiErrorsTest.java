package org.acpmerchant.orders.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.orders.order.domain.OrderChangeRefusedException;
import org.acpmerchant.orders.order.domain.OrderStateConflictException;
import org.acpmerchant.orders.order.domain.RefundRefusedException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ResponseEntity;

/** One refusal, one status, wherever it is raised: thrown directly or wrapped by the command bus. */
class OrderApiErrorsTest {

    final OrderApiErrors errors = new OrderApiErrors();

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new AggregateNotFoundException("ord_1", "No such order."), 404, "not_found"),
                Arguments.of(new OrderStateConflictException("canceled orders do not ship"), 409, "invalid_state"),
                Arguments.of(new OrderChangeRefusedException("unknown_fulfillment", "no such fulfillment"), 404,
                        "unknown_fulfillment"),
                Arguments.of(new OrderChangeRefusedException("idempotency_key_reused", "reused"), 409,
                        "idempotency_key_reused"),
                Arguments.of(new OrderChangeRefusedException("quantity_exceeded", "too many"), 422, "quantity_exceeded"),
                Arguments.of(new RefundRefusedException("idempotency_key_reused", "reused"), 409,
                        "idempotency_key_reused"),
                Arguments.of(new RefundRefusedException("exceeds_refundable", "too much"), 422, "exceeds_refundable"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aRefusalHasOneStatusAndCode_thrownOrWrappedByTheCommandBus(RuntimeException refusal, int status, String code) {
        for (RuntimeException thrown : new RuntimeException[] {refusal,
                new CommandExecutionException("failed", refusal)}) {
            ResponseEntity<Map<String, Object>> answer = errors.refused(thrown);
            assertThat(answer.getStatusCode().value()).as(thrown.toString()).isEqualTo(status);
            assertThat(answer.getBody()).containsEntry("type", "invalid_request").containsEntry("code", code);
            if (!(refusal instanceof AggregateNotFoundException)) {
                assertThat(answer.getBody()).containsEntry("message", refusal.getMessage());
            }
        }
    }

    @Test
    void aBodyThatIsNotJson_isA400InTheErrorShape_notSpringsDefault() {
        var answer = errors.unreadable(new org.springframework.http.converter.HttpMessageNotReadableException(
                "JSON parse error", new org.springframework.mock.http.MockHttpInputMessage(new byte[0])));
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).containsEntry("type", "invalid_request").containsEntry("code", "invalid_json")
                .containsEntry("param", "$");
    }

    @Test
    void somethingElseWrappedByTheCommandBus_isNotDressedAsARefusal() {
        var other = new CommandExecutionException("boom", new IllegalStateException("bug"));
        assertThatThrownBy(() -> errors.refused(other)).isSameAs(other);
    }
}
