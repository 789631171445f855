package org.acpmerchant.checkout.session.protocol;

import static org.acpmerchant.checkout.session.Fixtures.CARD;
import static org.acpmerchant.checkout.session.Fixtures.SESSION;
import static org.acpmerchant.checkout.session.Fixtures.T0;
import static org.acpmerchant.checkout.session.Fixtures.inputs;
import static org.acpmerchant.checkout.session.Fixtures.outOfStockQuote;
import static org.acpmerchant.checkout.session.Fixtures.payableQuote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.*;
import org.acpmerchant.checkout.session.api.CompletionOutcome;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.acpmerchant.events.checkout.PaymentRequested;
import org.junit.jupiter.api.Test;

class AcpSessionRendererTest {

    private final AcpSessionRenderer renderer = new AcpSessionRenderer(new CheckoutProperties(null, null, null, null,
            null, null, null, null, null, null, null,
            java.util.Map.of("terms_of_use", "https://merchant.example.com/terms"), null, null));

    private SessionState state(Object... events) {
        SessionState s = null;
        for (Object e : events) {
            s = SessionEvolution.evolve(s, e);
        }
        return s;
    }

    private final CheckoutSessionCreated created =
            new CheckoutSessionCreated(SESSION, "chatgpt", inputs(), payableQuote(), T0, T0.plusSeconds(1800));
    private final CompletionRequested requested =
            new CompletionRequested(SESSION, "att_1", "res_1", "pay_1", "ord_1", 5863, "usd", CARD, null, T0);
    private final PaymentRequested payment = new PaymentRequested("pay_1", SESSION, "att_1", 5863, "usd",
            "card_tokenized", "spt", "spt_test_success", null, T0);

    @Test
    void payableSession_isValid_andReadyForPayment() {
        ObjectNode body = renderer.render(state(created), T0);
        assertThat(body.get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(body.at("/totals/4/amount").asLong()).isEqualTo(5863);
        assertThat(body.at("/capabilities/interventions/supported/0").asText()).isEqualTo("3ds");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void outOfStock_isNotReady_withMessage() {
        ObjectNode body = renderer.render(state(new CheckoutSessionCreated(SESSION, "chatgpt", inputs(),
                outOfStockQuote(), T0, T0.plusSeconds(60))), T0);
        assertThat(body.get("status").asText()).isEqualTo("not_ready_for_payment");
        assertThat(body.at("/messages/0/code").asText()).isEqualTo("out_of_stock");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void declined_isPayableAgain_withPaymentDeclinedMessage() {
        ObjectNode body = renderer.render(state(created, requested, payment,
                new CompletionPaymentDeclined(SESSION, "att_1", "pay_1", "card_declined", "Your card was declined.", T0),
                new CompletionFailed(SESSION, "att_1", CompletionOutcome.PAYMENT_DECLINED, "card_declined", T0)), T0);
        assertThat(body.get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(body.at("/messages/0/code").asText()).isEqualTo("payment_declined");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("Your card was declined.");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void authenticationRequired_carriesAuthenticationMetadata() {
        ObjectNode body = renderer.render(state(created, requested, payment,
                new CompletionAuthenticationRequired(SESSION, "att_1", "pay_1", T0)), T0);
        assertThat(body.get("status").asText()).isEqualTo("authentication_required");
        assertThat(body.at("/authentication_metadata/directory_server").asText()).isEqualTo("visa");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void completed_includesTheOrder_andValidatesAsSessionWithOrder() {
        ObjectNode body = renderer.render(state(created, requested,
                new CompletionOrderCreated(SESSION, "att_1", "ord_1", "https://merchant.example.com/orders/ord_1", T0),
                new CheckoutSessionCompleted(SESSION, "att_1", "ord_1", "https://merchant.example.com/orders/ord_1", T0)),
                T0);
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.at("/order/id").asText()).isEqualTo("ord_1");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void pastExpiry_readsAsExpired_andNeverShowsTheCredential() {
        ObjectNode body = renderer.render(state(created), T0.plusSeconds(1800));
        assertThat(body.get("status").asText()).isEqualTo("expired");
        assertThat(renderer.render(state(created, requested), T0).toString()).doesNotContain("spt_test_success");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void discounts_renderAppliedWithAllocations_andRejected_validAgainstSchema() {
        var base = payableQuote();
        var quote = new org.acpmerchant.events.quote.QuoteReply(base.requestId(), base.sessionId(), base.currency(),
                base.lines(), base.fulfillmentOptions(), base.selectedFulfillmentOptionId(), base.totals(),
                List.of(new org.acpmerchant.events.quote.QuoteReply.QuoteMessage("warning", "discount_code_expired",
                        "$.discounts.codes[1]", "OLD5 has expired.")), null, T0,
                List.of(new org.acpmerchant.events.quote.QuoteReply.AppliedDiscount("disc_save10", "SAVE10", false,
                        "10% off", 10, null, 500, "across", 1,
                        List.of(new org.acpmerchant.events.quote.QuoteReply.Allocation(0, 500)))),
                List.of(new org.acpmerchant.events.quote.QuoteReply.RejectedDiscount("OLD5", "discount_code_expired",
                        "OLD5 has expired.")));
        var in = inputs();
        var inputs = new org.acpmerchant.checkout.session.api.SessionModel.SessionInputs(in.currency(), in.lines(),
                in.buyer(), in.fulfillment(), null, List.of("SAVE10", "OLD5"), in.agentInterventions(), null, null, null);
        ObjectNode body = renderer.render(state(new CheckoutSessionCreated(SESSION, "chatgpt", inputs, quote, T0,
                T0.plusSeconds(60))), T0);
        assertThat(body.at("/discounts/applied/0/allocations/0/amount").asLong()).isEqualTo(500);
        assertThat(body.at("/discounts/rejected/0/reason").asText()).isEqualTo("discount_code_expired");
        assertThat(body.at("/messages/0/type").asText()).isEqualTo("warning");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isEmpty();
    }

    @Test
    void schemaCheck_canFail() {
        ObjectNode body = renderer.render(state(created), T0);
        body.put("status", "not_a_status");
        assertThat(AcpSchemas.validateSession("2026-04-17", body)).isNotEmpty();
    }
}
