package org.acpmerchant.checkout.session.domain;

import static org.acpmerchant.checkout.session.Fixtures.CARD;
import static org.acpmerchant.checkout.session.Fixtures.SESSION;
import static org.acpmerchant.checkout.session.Fixtures.T0;
import static org.acpmerchant.checkout.session.Fixtures.inputs;
import static org.acpmerchant.checkout.session.Fixtures.payableQuote;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.AffiliateAttributionRecorded;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCreated;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionRequested;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CompletionStockRejected;
import org.acpmerchant.checkout.session.api.SessionModel;
import org.acpmerchant.checkout.session.api.SessionModel.SessionInputs;
import org.acpmerchant.events.quote.QuoteReply.QuoteMessage;
import org.junit.jupiter.api.Test;

class SessionEvolutionTest {

    @Test
    void anExhaustedCode_blocksPaymentWithAnErrorAndNamesTheReasonInAWarning() {
        SessionInputs base = inputs();
        SessionInputs withCode = new SessionInputs(base.currency(), base.lines(), base.buyer(), base.fulfillment(),
                base.selectedFulfillmentOptionId(), List.of("WELCOME", "Save10"), base.agentInterventions(),
                base.orderNotes(), base.locale(), base.metadataJson());
        SessionState s = SessionEvolution.evolve(null,
                new CheckoutSessionCreated(SESSION, "chatgpt", withCode, payableQuote(), T0, T0.plusSeconds(600)));
        s = SessionEvolution.evolve(s, new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1", 5863,
                "usd", CARD, null, T0));
        s = SessionEvolution.evolve(s, new CompletionStockRejected(SESSION, "att_1", List.of(), T0, List.of("save10")));

        assertThat(s.completionMessages()).extracting(QuoteMessage::type, QuoteMessage::code, QuoteMessage::param)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("error", "coupon_invalid", "$.discounts.codes[1]"),
                        org.assertj.core.groups.Tuple.tuple("warning", "discount_code_usage_limit_reached",
                                "$.discounts.codes[1]"));
    }

    @Test
    void writeOnlyRecords_leaveTheSessionAsAgentsSeeItUnchanged() {
        SessionState s = SessionEvolution.evolve(null,
                new CheckoutSessionCreated(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(600)));
        SessionState after = SessionEvolution.evolve(s, new AffiliateAttributionRecorded(SESSION, "first",
                new SessionModel.Attribution("impact.com", "t", null, null, null, null, null, null, null, null, null),
                T0.plusSeconds(5)));
        assertThat(after).isEqualTo(s);
    }
}
