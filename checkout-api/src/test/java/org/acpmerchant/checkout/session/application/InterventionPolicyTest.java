package org.acpmerchant.checkout.session.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionStatusPolicy;
import org.acpmerchant.events.quote.QuoteReply;
import org.junit.jupiter.api.Test;

class InterventionPolicyTest {

    private final InterventionPolicy always = new InterventionPolicy(List.of("3ds", "biometric"), List.of("3ds"),
            "always");

    @Test
    void intersection_keepsTheSellersOrder_andIgnoresUnknownAgentValues() {
        assertThat(always.intersection(List.of("teleport", "biometric", "3ds"))).containsExactly("3ds", "biometric");
        assertThat(always.intersection(List.of())).isEmpty();
    }

    @Test
    void always_refusesAnAgentThatCannotPerformARequiredIntervention() {
        var message = always.violation(List.of("biometric")).orElseThrow();
        assertThat(message.type()).isEqualTo("error");
        assertThat(message.code()).isEqualTo("intervention_required");
        assertThat(message.param()).isEqualTo("$.capabilities.interventions");
        assertThat(always.violation(List.of("3ds"))).isEmpty();
    }

    @Test
    void aRequiredInterventionTheSellerCannotPerform_isNeverSatisfiedByTheAgentAlone() {
        var sellerLacksIt = new InterventionPolicy(List.of("3ds"), List.of("biometric"), "always");
        assertThat(sellerLacksIt.violation(List.of("biometric", "3ds"))).isPresent();
    }

    @Test
    void conditionalAndOptional_neverBlock() {
        assertThat(new InterventionPolicy(List.of("3ds"), List.of("3ds"), "conditional").violation(List.of()))
                .isEmpty();
        assertThat(new InterventionPolicy(List.of("3ds"), List.of("3ds"), "optional").violation(List.of())).isEmpty();
    }

    @Test
    void aViolation_makesTheSessionUnpayable() {
        var line = new QuoteReply.PricedLine("li_1", "mug", 1, "Mug", null, null, 1200, 1200, 0, 1200, 0, 1200,
                "in_stock", 5, false);
        var payable = new QuoteReply("q", "cs", "usd", List.of(line), List.of(), null,
                List.of(new QuoteReply.QuoteTotal("total", "Total", 1200)), List.of(), null, Instant.EPOCH);
        assertThat(SessionStatusPolicy.afterQuote(payable)).isEqualTo(SessionStatus.READY_FOR_PAYMENT);
        var blocked = new QuoteReply("q", "cs", "usd", List.of(line), List.of(), null, payable.totals(),
                List.of(always.violation(List.of()).orElseThrow()), null, Instant.EPOCH);
        assertThat(SessionStatusPolicy.afterQuote(blocked)).isEqualTo(SessionStatus.NOT_READY_FOR_PAYMENT);
    }
}
