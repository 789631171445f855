package org.acpmerchant.orders.order.domain;

import static org.acpmerchant.orders.order.domain.OrderFixtures.HOME;
import static org.acpmerchant.orders.order.domain.OrderFixtures.ID;
import static org.acpmerchant.orders.order.domain.OrderFixtures.MUGS_AND_SPOON;
import static org.acpmerchant.orders.order.domain.OrderFixtures.STORE_DESTINATION;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T1;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T2;
import static org.acpmerchant.orders.order.domain.OrderFixtures.confirmed;
import static org.acpmerchant.orders.order.domain.OrderFixtures.confirmedOrder;
import static org.acpmerchant.orders.order.domain.OrderFixtures.create;
import static org.acpmerchant.orders.order.domain.OrderFixtures.created;
import static org.acpmerchant.orders.order.domain.OrderFixtures.lines;
import static org.acpmerchant.orders.order.domain.OrderFixtures.placed;
import static org.acpmerchant.orders.order.domain.OrderFixtures.refundRequested;
import static org.acpmerchant.orders.order.domain.OrderFixtures.released;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.AdjustmentAccepted;
import org.acpmerchant.orders.order.api.DigitalDelivery;
import org.acpmerchant.orders.order.api.FulfillmentAccepted;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderCommand.CancelLineItems;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CreateFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverDigitalGoods;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverFulfillment;
import org.acpmerchant.orders.order.api.OrderCommand.HoldForReview;
import org.acpmerchant.orders.order.api.OrderCommand.MarkReadyForPickup;
import org.acpmerchant.orders.order.api.OrderCommand.RecordReturn;
import org.acpmerchant.orders.order.api.OrderCommand.ShipFulfillment;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderHeldForReview;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Several fulfillments per order (shipping, pickup, digital), line cancellations, returns and manual review. */
class OrderFulfillmentTest {

    AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static FulfillmentCreated fulfillmentCreated(int n, String type, List<LineQuantity> lines, OrderAddress to,
            String key, String orderStatus) {
        String id = "ful_ord_1_" + n;
        return new FulfillmentCreated(ID, id, type, lines, to, null, key, id + "_evt_1", orderStatus, T1);
    }

    static OrderFulfillmentUpdated shipped(int n, Map<String, Integer> fulfilled, String orderStatus) {
        String id = "ful_ord_1_" + n;
        return new OrderFulfillmentUpdated(ID, id, "shipped", id + "_evt_2", "shipped", orderStatus, fulfilled, "UPS",
                "1Z" + n, "https://ups.example/1Z" + n, T2);
    }

    @Test
    void createOrder_forPickup_recordsThePickupLocation() {
        fixture.givenNoPriorActivity()
                .when(create(MUGS_AND_SPOON, "pickup"))
                .expectEvents(placed(MUGS_AND_SPOON, "pickup"), created(MUGS_AND_SPOON));
        assertThat(placed(MUGS_AND_SPOON, "pickup").destinationFor("pickup")).isEqualTo(STORE_DESTINATION);
    }

    @Test
    void createFulfillment_coversTheGivenUnits_andTheOrderIsProcessing() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .when(new CreateFulfillment(ID, null, null, lines("li_1", 2), null, T1))
                .expectEvents(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing"))
                .expectResultMessagePayload(new FulfillmentAccepted("ful_ord_1_1", "shipping", "processing",
                        lines("li_1", 2)));
    }

    @Test
    void createFulfillment_withoutLines_takesEveryUnitNotYetInAFulfillment() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing"))
                .when(new CreateFulfillment(ID, null, null, List.of(), null, T1))
                .expectEvents(fulfillmentCreated(2, "shipping", lines("li_1", 1, "li_2", 1), HOME, null, "processing"));
    }

    @Test
    void createFulfillment_sameKey_answersTheSameFulfillment_andOtherLinesAreRefused() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, "k1", "processing"))
                .when(new CreateFulfillment(ID, "k1", null, lines("li_1", 2), null, T2))
                .expectNoEvents()
                .expectResultMessagePayload(new FulfillmentAccepted("ful_ord_1_1", "shipping", "processing",
                        lines("li_1", 2)));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, "k1", "processing"))
                .when(new CreateFulfillment(ID, "k1", null, lines("li_1", 1), null, T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class);
    }

    static Stream<Arguments> refusedFulfillments() {
        return Stream.of(
                Arguments.of("more than ordered", lines("li_1", 4), null, "quantity_exceeds_available",
                        "Line item li_1 has 1 unit(s) that can be fulfilled (not yet in a fulfillment); 4 requested."),
                Arguments.of("more than not yet in a fulfillment", lines("li_1", 2), null, "quantity_exceeds_available",
                        "Line item li_1 has 1 unit(s) that can be fulfilled (not yet in a fulfillment); 2 requested."),
                Arguments.of("unknown line", lines("li_9", 1), null, "invalid_line_items",
                        "Order ord_1 has no line item li_9."),
                Arguments.of("zero quantity", lines("li_2", 0), null, "invalid_line_items",
                        "Quantity of line item li_2 must be at least 1."),
                Arguments.of("line named twice", lines("li_2", 1, "li_2", 1), null, "invalid_line_items",
                        "Line item li_2 is named twice."),
                Arguments.of("unknown type", lines("li_2", 1), "drone", "invalid_fulfillment_type",
                        "Fulfillment type must be shipping, pickup or digital."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFulfillments")
    void createFulfillment_isRefused_withoutEvent(String name, List<LineQuantity> lines, String type, String code,
            String message) {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing"))
                .when(new CreateFulfillment(ID, null, type, lines, null, T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class)
                .expectExceptionMessage(message);
    }

    @Test
    void createFulfillment_isRefused_whenEveryUnitIsInAFulfillment() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 3, "li_2", 1), HOME, null, "processing"))
                .when(new CreateFulfillment(ID, null, null, List.of(), null, T2))
                .expectNoEvents()
                .expectExceptionMessage("Every unit of order ord_1 is already in a fulfillment or canceled.");
    }

    @Test
    void partialShipment_staysProcessing_untilEveryUnitShipped_thenShipped_thenCompleted() {
        FulfillmentCreated first = fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing");
        FulfillmentCreated second = fulfillmentCreated(2, "shipping", lines("li_1", 1, "li_2", 1), HOME, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(first)
                .when(new ShipFulfillment(ID, "ful_ord_1_1", "UPS", "1Z1", "https://ups.example/1Z1", T2))
                .expectEvents(shipped(1, Map.of("li_1", 2, "li_2", 0), "processing"));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(first, shipped(1, Map.of("li_1", 2, "li_2", 0), "processing"), second)
                .when(new ShipFulfillment(ID, "ful_ord_1_2", "UPS", "1Z2", "https://ups.example/1Z2", T2))
                .expectEvents(shipped(2, Map.of("li_1", 3, "li_2", 1), "shipped"));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(first, shipped(1, Map.of("li_1", 2, "li_2", 0), "processing"), second,
                        shipped(2, Map.of("li_1", 3, "li_2", 1), "shipped"),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_3", "delivered",
                                "shipped", Map.of("li_1", 3, "li_2", 1), null, null, null, T2))
                .when(new DeliverFulfillment(ID, "ful_ord_1_2", null, null, T2))
                .expectEvents(new OrderFulfillmentUpdated(ID, "ful_ord_1_2", "delivered", "ful_ord_1_2_evt_3",
                        "delivered", "completed", Map.of("li_1", 3, "li_2", 1), null, null, null, T2));
    }

    @Test
    void ship_isIdempotent_andRefusedForUnknownOrPickupFulfillments() {
        FulfillmentCreated first = fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(first, shipped(1, Map.of("li_1", 2, "li_2", 0), "processing"))
                .when(new ShipFulfillment(ID, "ful_ord_1_1", "UPS", "1Z1", null, T2))
                .expectNoEvents();
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .when(new ShipFulfillment(ID, "ful_ord_1_7", "UPS", null, null, T2))
                .expectNoEvents()
                .expectExceptionMessage("Order ord_1 has no fulfillment ful_ord_1_7.");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .andGiven(fulfillmentCreated(1, "pickup", lines("li_1", 3), STORE_DESTINATION, null, "processing"))
                .when(new ShipFulfillment(ID, "ful_ord_1_1", "UPS", null, null, T2))
                .expectNoEvents()
                .expectExceptionMessage("Fulfillment ful_ord_1_1 is a pickup fulfillment and cannot be shipped.");
    }

    @Test
    void pickup_goesToThePickupLocation_readyForPickup_thenPickedUp() {
        FulfillmentCreated pickup =
                fulfillmentCreated(1, "pickup", lines("li_1", 3, "li_2", 1), STORE_DESTINATION, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .when(new CreateFulfillment(ID, null, null, List.of(), null, T1))
                .expectEvents(pickup);
        OrderFulfillmentUpdated ready = new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "ready_for_pickup",
                "ful_ord_1_1_evt_2", "ready_for_pickup", "processing", Map.of("li_1", 0, "li_2", 0), null, null, null,
                T2, null, "Ready for pickup");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .andGiven(pickup)
                .when(new MarkReadyForPickup(ID, "ful_ord_1_1", T2))
                .expectEvents(ready);
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .andGiven(pickup, ready)
                .when(new DeliverFulfillment(ID, "ful_ord_1_1", "pickup", null, T2))
                .expectEvents(new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_3",
                        "delivered", "completed", Map.of("li_1", 3, "li_2", 1), null, null, null, T2, null,
                        "Picked up"));
    }

    @Test
    void carrierEvents_needAShippedShippingFulfillment_andAKnownType() {
        FulfillmentCreated pickup =
                fulfillmentCreated(1, "pickup", lines("li_1", 3, "li_2", 1), STORE_DESTINATION, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .andGiven(pickup)
                .when(new org.acpmerchant.orders.order.api.OrderCommand.RecordCarrierEvent(ID, "ful_ord_1_1",
                        "in_transit", null, null, null, T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class);
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .andGiven(pickup)
                .when(new org.acpmerchant.orders.order.api.OrderCommand.RecordCarrierEvent(ID, "ful_ord_1_1",
                        "teleported", null, null, null, T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class);
    }

    @Test
    void actingOnThePendingRemainder_givesItsUnitsAFulfillmentFirst() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .when(new MarkReadyForPickup(ID, "ful_" + ID, T2))
                .expectEvents(new FulfillmentCreated(ID, "ful_ord_1_1", "pickup", lines("li_1", 3, "li_2", 1),
                        STORE_DESTINATION, null, null, "ful_ord_1_1_evt_1", "processing", T2), new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "ready_for_pickup",
                        "ful_ord_1_1_evt_2", "ready_for_pickup", "processing", Map.of("li_1", 0, "li_2", 0), null,
                        null, null, T2, null, "Ready for pickup"))
                .expectResultMessagePayload(new FulfillmentAccepted("ful_ord_1_1", "pickup", "ready_for_pickup",
                        lines("li_1", 3, "li_2", 1)));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "pickup"))
                .when(new MarkReadyForPickup(ID, "ful_nope", T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class);
    }

    @Test
    void digitalGoods_areOneDigitalFulfillment_deliveredWithAccessDetails() {
        DigitalDelivery access = new DigitalDelivery("https://shop.example/dl/abc", "KEY-123", T2.plusSeconds(86400));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "digital"))
                .when(new DeliverDigitalGoods(ID, "d1", lines("li_2", 1), access, T2))
                .expectEvents(
                        new FulfillmentCreated(ID, "ful_ord_1_1", "digital", lines("li_2", 1), null, null, "d1",
                                "ful_ord_1_1_evt_1", "processing", T2),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_2", "delivered",
                                "processing", Map.of("li_1", 0, "li_2", 1), null, null, null, T2, access, null))
                .expectResultMessagePayload(new FulfillmentAccepted("ful_ord_1_1", "digital", "delivered",
                        lines("li_2", 1)));
    }

    @Test
    void captureFailure_holdsTheOrderForReview_whereFulfillmentWaits_untilCaptured() {
        Object[] held = {placed(MUGS_AND_SPOON, "shipping"), created(MUGS_AND_SPOON),
            new OrderHeldForReview(ID, "pay_1", "card_declined", T1)};
        fixture.given(placed(MUGS_AND_SPOON, "shipping"), created(MUGS_AND_SPOON))
                .when(new HoldForReview(ID, "pay_1", "card_declined", T1))
                .expectEvents(new OrderHeldForReview(ID, "pay_1", "card_declined", T1));
        fixture.given(held)
                .when(new HoldForReview(ID, "pay_1", "card_declined", T1))
                .expectNoEvents();
        fixture.given(held)
                .when(new CreateFulfillment(ID, null, null, List.of(), null, T2))
                .expectNoEvents()
                .expectException(OrderStateConflictException.class);
        fixture.given(held)
                .when(new ConfirmOrder(ID, "pay_1", 1500, "usd", T2))
                .expectEvents(new OrderConfirmed(ID, "pay_1", 1500, "usd", T2));
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .when(new HoldForReview(ID, "pay_1", "late", T1))
                .expectNoEvents();
        fixture.given(held)
                .when(new CancelOrder(ID, "capture_failed", T2))
                .expectEvents(new OrderCanceled(ID, "capture_failed", T2),
                        new org.acpmerchant.events.order.OrderCanceled(ID, "cs_1", "pay_1", "res_1", "capture_failed", T2),
                        released("cancel_ord_1", List.of(new org.acpmerchant.events.StockLine("mug", 3),
                                new org.acpmerchant.events.StockLine("spoon", 1)), "capture_failed", T2));
    }

    @Test
    void cancelLineItems_dropsCurrent_recordsCancellation_andRefundsTheUnitsShare() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .when(new CancelLineItems(ID, "cnl_1", lines("li_1", 1), "out_of_stock", T1))
                .expectEvents(
                        new LineItemsCanceled(ID, "cnl_1", lines("li_1", 1), 333, "usd", "out_of_stock",
                                Map.of("li_1", 2, "li_2", 1), "confirmed", T1),
                        released("cnl_1", List.of(new org.acpmerchant.events.StockLine("mug", 1)), "out_of_stock", T1),
                        refundRequested("cnl_1", 333, List.of(new RefundLine("li_1", 1)), "out_of_stock", T1))
                .expectResultMessagePayload(new AdjustmentAccepted("cnl_1", "cancellation", 333, "usd", "pending",
                        lines("li_1", 1)));
    }

    @Test
    void cancelLineItems_lastUnitsOfALine_carryTheRoundingRemainder() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(new LineItemsCanceled(ID, "cnl_1", lines("li_1", 1), 333, "usd", "x",
                                Map.of("li_1", 2, "li_2", 1), "confirmed", T1),
                        refundRequested("cnl_1", 333, List.of(new RefundLine("li_1", 1)), "x", T1))
                .when(new CancelLineItems(ID, "cnl_2", lines("li_1", 2), "x", T2))
                .expectEvents(
                        new LineItemsCanceled(ID, "cnl_2", lines("li_1", 2), 667, "usd", "x",
                                Map.of("li_1", 0, "li_2", 1), "confirmed", T2),
                        released("cnl_2", List.of(new org.acpmerchant.events.StockLine("mug", 2)), "x", T2),
                        refundRequested("cnl_2", 667, List.of(new RefundLine("li_1", 2)), "x", T2));
    }

    @Test
    void cancelLineItems_sameKey_isNoOp_andOtherLinesAreRefused() {
        Object[] history = {placed(MUGS_AND_SPOON, "shipping"), created(MUGS_AND_SPOON), confirmed(MUGS_AND_SPOON),
            new LineItemsCanceled(ID, "cnl_1", lines("li_1", 1), 333, "usd", "x", Map.of("li_1", 2, "li_2", 1),
                    "confirmed", T1),
            refundRequested("cnl_1", 333, List.of(new RefundLine("li_1", 1)), "x", T1)};
        fixture.given(history)
                .when(new CancelLineItems(ID, "cnl_1", lines("li_1", 1), "x", T2))
                .expectNoEvents()
                .expectResultMessagePayload(new AdjustmentAccepted("cnl_1", "cancellation", 333, "usd", "pending",
                        lines("li_1", 1)));
        fixture.given(history)
                .when(new CancelLineItems(ID, "cnl_1", lines("li_1", 2), "x", T2))
                .expectNoEvents()
                .expectExceptionMessage("Idempotency key for cnl_1 was used with other line items.");
    }

    @Test
    void cancelLineItems_everyUnit_cancelsTheOrder() {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .when(new CancelLineItems(ID, "cnl_1", lines("li_1", 3, "li_2", 1), "out_of_stock", T1))
                .expectEvents(
                        new LineItemsCanceled(ID, "cnl_1", lines("li_1", 3, "li_2", 1), 1500, "usd", "out_of_stock",
                                Map.of("li_1", 0, "li_2", 0), "canceled", T1),
                        released("cnl_1", List.of(new org.acpmerchant.events.StockLine("mug", 3),
                                new org.acpmerchant.events.StockLine("spoon", 1)), "out_of_stock", T1),
                        refundRequested("cnl_1", 1500, List.of(new RefundLine("li_1", 3), new RefundLine("li_2", 1)),
                                "out_of_stock", T1),
                        new OrderCanceled(ID, "out_of_stock", T1),
                        new org.acpmerchant.events.order.OrderCanceled(ID, "cs_1", "pay_1", "res_1", "out_of_stock", T1));
    }

    static Stream<Arguments> refusedCancellations() {
        return Stream.of(
                Arguments.of("units already in a fulfillment", lines("li_1", 2),
                        "Line item li_1 has 1 unit(s) that can be canceled (not yet in a fulfillment); 2 requested."),
                Arguments.of("unknown line", lines("li_x", 1), "Order ord_1 has no line item li_x."),
                Arguments.of("no lines", List.of(), "Name at least one line item."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCancellations")
    void cancelLineItems_isRefused_withoutEvent(String name, List<LineQuantity> lines, String message) {
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(fulfillmentCreated(1, "shipping", lines("li_1", 2), HOME, null, "processing"))
                .when(new CancelLineItems(ID, "cnl_1", lines, "x", T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class)
                .expectExceptionMessage(message);
    }

    @Test
    void cancelLineItems_beforeCapture_isAConflict() {
        fixture.given(placed(MUGS_AND_SPOON, "shipping"), created(MUGS_AND_SPOON))
                .when(new CancelLineItems(ID, "cnl_1", lines("li_1", 1), "x", T2))
                .expectNoEvents()
                .expectException(OrderStateConflictException.class);
    }

    @Test
    void recordReturn_removesFulfilledUnits_recordsReturn_andRefundsTheirShare() {
        FulfillmentCreated all = fulfillmentCreated(1, "shipping", lines("li_1", 3, "li_2", 1), HOME, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(all, shipped(1, Map.of("li_1", 3, "li_2", 1), "shipped"))
                .when(new RecordReturn(ID, "ret_1", lines("li_1", 1), "damaged", T2))
                .expectEvents(
                        new ItemsReturned(ID, "ret_1", lines("li_1", 1), 333, "usd", "damaged",
                                Map.of("li_1", 2, "li_2", 1), Map.of("li_1", 2, "li_2", 1), "shipped", T2),
                        refundRequested("ret_1", 333, List.of(new RefundLine("li_1", 1)), "damaged", T2));
    }

    @Test
    void recordReturn_neverRefundsMoreThanRemains_norReturnsUnfulfilledUnits() {
        FulfillmentCreated some = fulfillmentCreated(1, "shipping", lines("li_1", 1), HOME, null, "processing");
        Object[] history = {placed(MUGS_AND_SPOON, "shipping"), created(MUGS_AND_SPOON), confirmed(MUGS_AND_SPOON),
            some, shipped(1, Map.of("li_1", 1, "li_2", 0), "processing"),
            refundRequested("rfd_goodwill", 1300, List.of(), "goodwill", T1)};
        fixture.given(history)
                .when(new RecordReturn(ID, "ret_1", lines("li_1", 1), "damaged", T2))
                .expectEvents(
                        new ItemsReturned(ID, "ret_1", lines("li_1", 1), 200, "usd", "damaged",
                                Map.of("li_1", 2, "li_2", 1), Map.of("li_1", 0, "li_2", 0), "processing", T2),
                        refundRequested("ret_1", 200, List.of(new RefundLine("li_1", 1)), "damaged", T2));
        fixture.given(history)
                .when(new RecordReturn(ID, "ret_1", lines("li_1", 2), "damaged", T2))
                .expectNoEvents()
                .expectExceptionMessage(
                        "Line item li_1 has 1 unit(s) that can be returned (fulfilled and not returned); 2 requested.");
        fixture.given(history)
                .when(new RecordReturn(ID, "ret_1", lines("li_2", 1), "damaged", T2))
                .expectNoEvents()
                .expectException(OrderChangeRefusedException.class);
    }

    @Test
    void recordReturn_returnedUnits_canBeFulfilledAgain_noMore() {
        FulfillmentCreated some = fulfillmentCreated(1, "shipping", lines("li_1", 1), HOME, null, "processing");
        fixture.given(confirmedOrder(MUGS_AND_SPOON, "shipping"))
                .andGiven(some, shipped(1, Map.of("li_1", 1, "li_2", 0), "processing"),
                        new ItemsReturned(ID, "ret_1", lines("li_1", 1), 333, "usd", "damaged",
                                Map.of("li_1", 2, "li_2", 1), Map.of("li_1", 0, "li_2", 0), "processing", T2))
                .when(new CreateFulfillment(ID, null, null, List.of(), null, T2))
                .expectEvents(new FulfillmentCreated(ID, "ful_ord_1_2", "shipping", lines("li_1", 2, "li_2", 1), HOME,
                        null, null, "ful_ord_1_2_evt_1", "processing", T2));
    }
}
