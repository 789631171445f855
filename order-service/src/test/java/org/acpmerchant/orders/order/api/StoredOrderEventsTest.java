package org.acpmerchant.orders.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.axon.AxonJson;
import org.junit.jupiter.api.Test;

/**
 * Events stored before ADR 0018 still read: {@code OrderPlaced} without {@code pickupLocation} and
 * {@code OrderFulfillmentUpdated} without {@code digitalDelivery}/{@code description} (revision 1, new fields null);
 * the new events round-trip through the stored-event JSON mapping.
 */
class StoredOrderEventsTest {

    static final ObjectMapper JSON = AxonJson.newObjectMapper();

    @Test
    void revision1Payloads_withoutTheNewFields_readWithNulls() throws Exception {
        OrderPlaced placed = JSON.readValue("""
                {"orderId":"ord_1","sessionId":"cs_1","orderNumber":"ORD-1","permalinkUrl":"https://s/o","paymentId":"p",
                 "currency":"usd","lines":[{"lineItemId":"li_1","itemId":"i","title":"Mug","quantity":2,"unitAmount":1000,
                 "subtotal":2000,"tax":160,"total":2160}],"totals":{"total":2160},"buyerEmail":null,
                 "shippingAddress":null,"fulfillmentId":"ful_ord_1","fulfillmentType":"shipping",
                 "fulfillmentTitle":"Standard","placedAt":"2026-04-20T10:00:00Z"}""", OrderPlaced.class);
        assertThat(placed.pickupLocation()).isNull();
        assertThat(placed.destinationFor("pickup")).isNull();
        OrderFulfillmentUpdated updated = JSON.readValue("""
                {"orderId":"ord_1","fulfillmentId":"ful_ord_1","fulfillmentStatus":"shipped","eventId":"ful_ord_1_evt_1",
                 "eventType":"shipped","orderStatus":"shipped","fulfilledQuantities":{"li_1":2},"carrier":"UPS",
                 "trackingNumber":"1Z","trackingUrl":null,"occurredAt":"2026-04-20T10:00:00Z"}""",
                OrderFulfillmentUpdated.class);
        assertThat(updated).isEqualTo(new OrderFulfillmentUpdated("ord_1", "ful_ord_1", "shipped", "ful_ord_1_evt_1",
                "shipped", "shipped", Map.of("li_1", 2), "UPS", "1Z", null, Instant.parse("2026-04-20T10:00:00Z")));
    }

    @Test
    void newEvents_roundTrip() throws Exception {
        Instant at = Instant.parse("2026-04-20T10:00:00Z");
        List<Object> events = List.of(
                new FulfillmentCreated("ord_1", "ful_ord_1_1", "digital", List.of(new LineQuantity("li_1", 1)), null,
                        null, "k", "ful_ord_1_1_evt_1", "processing", at),
                new OrderFulfillmentUpdated("ord_1", "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_2", "delivered",
                        "completed", Map.of("li_1", 1), null, null, null, at,
                        new DigitalDelivery("https://s/dl", "KEY", at), null),
                new LineItemsCanceled("ord_1", "cnl_1", List.of(new LineQuantity("li_1", 1)), 1080, "usd", "x",
                        Map.of("li_1", 1), "confirmed", at),
                new ItemsReturned("ord_1", "ret_1", List.of(new LineQuantity("li_1", 1)), 1080, "usd", "x",
                        Map.of("li_1", 1), Map.of("li_1", 1), "shipped", at),
                new OrderHeldForReview("ord_1", "pay_1", "card_declined", at));
        for (Object event : events) {
            String json = JSON.writeValueAsString(event);
            assertThat(json).doesNotContain("\"quantities\"");
            assertThat(JSON.readValue(json, event.getClass())).isEqualTo(event);
        }
    }
}
