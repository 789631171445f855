package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.StockReservationRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteReply.RejectedDiscount;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A usage-limited code ({@code IT-ONCE}, limit 1) counts once per committed reservation, redeliveries included. */
class DiscountRedemptionIT extends PricingIntegrationTest {

    @Autowired QuoteService quotes;

    /** Other ITs count the catalog's variants: leave it as it was. */
    @AfterEach
    void removeTestVariants() {
        jdbc.update("delete from catalog_variant where variant_id like 'it-disc-%'");
    }

    @Test
    void committedReservation_redeemsItsCodeOnce_andTheLimitThenRejectsIt() throws Exception {
        String variant = "it-disc-" + UUID.randomUUID();
        jdbc.update("insert into catalog_variant (variant_id, product_id, title, price_amount, currency, digital) "
                + "values (?, 'p', 'Discounted', 1000, 'USD', true)", variant);
        stock(variant, 5);
        var request = new QuoteRequest(
                "qr_" + variant, "cs_" + variant, "usd", List.of(new QuoteLine(variant, 1)), null, null,
                List.of("It-Once"));
        assertThat(quotes.quote(request).discounts()).singleElement()
                .satisfies(d -> assertThat(d.amount()).isEqualTo(100));

        String reservationId = "res_" + UUID.randomUUID();
        publish(new StockReservationRequested(reservationId, "cs_" + variant, "att_1",
                List.of(new StockLine(variant, 1)), Instant.now(), List.of("it-once")));
        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypesOf(reservationId).size() == 2);
        var created = new OrderCreated("ord_" + variant, "cs_" + variant, "pay_1", reservationId, "u", 900, "usd",
                Instant.now());
        publish(created);
        String repeated = publish(created); // a redelivery under a new message id
        await().atMost(Duration.ofSeconds(30)).until(() -> eventTypesOf(reservationId).size() == 4);
        // the redelivery handled too (its inbox row): nothing more comes of it
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox_message where message_id = ?", Integer.class, repeated) == 1);

        assertThat(eventTypesOf(reservationId)).extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly("StockReserved", "DiscountCodesHeld", "StockCommitted", "DiscountCodesRedeemed");
        assertThat(jdbc.queryForList("select reservation_id from discount_redemption where code = 'IT-ONCE'",
                String.class)).containsExactly(reservationId);
        QuoteReply after = quotes.quote(request);
        assertThat(after.discounts()).isEmpty();
        assertThat(after.rejectedDiscounts()).extracting(RejectedDiscount::reason)
                .containsExactly("discount_code_usage_limit_reached");
    }
}
