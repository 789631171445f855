package org.acpmerchant.orders.order.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderRejected;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.OrderCommand.CompleteRefund;
import org.acpmerchant.orders.order.api.OrderCommand.FailRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RecordDispute;
import org.acpmerchant.orders.order.api.OrderCommand.PreviewRefund;
import org.acpmerchant.orders.order.api.OrderCommand.RequestRefund;
import org.acpmerchant.orders.order.api.OrderDisputed;
import org.acpmerchant.orders.order.api.RefundAccepted;
import org.acpmerchant.orders.order.api.RefundPreview;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.acpmerchant.orders.order.api.OrderCanceled;
import org.acpmerchant.orders.order.api.OrderCommand.CancelOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ConfirmOrder;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.acpmerchant.orders.order.api.OrderPlaced;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderTest {

    static final String ID = "ord_1";
    static final Instant T0 = Instant.parse("2026-04-20T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-04-20T10:00:05Z");
    static final String PERMALINK = "https://shop.example/orders/ord_1";

    AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static OrderRequested request(List<OrderLine> lines) {
        return new OrderRequested(ID, "cs_1", "pay_1", "res_1", "usd", lines,
                Map.of("subtotal", 2000L, "tax", 160L, "total", 2160L), "buyer@example.com",
                new OrderAddress("Jane", "1 Main St", null, "Springfield", "IL", "US", "62701"),
                "shipping", "Standard", T0);
    }

    static final List<OrderLine> LINES = List.of(new OrderLine("li_1", "item_1", "Mug", 2, 1000, 2000, 160, 2160));

    static CreateOrder create(List<OrderLine> lines) {
        return new CreateOrder(ID, request(lines), "ORD-1", PERMALINK, T0);
    }

    static OrderPlaced placed() {
        OrderRequested r = request(LINES);
        return new OrderPlaced(ID, "cs_1", "ORD-1", PERMALINK, "pay_1", "usd", LINES, r.totals(), r.buyerEmail(),
                r.shippingAddress(), "ful_ord_1", "shipping", "Standard", T0);
    }

    static OrderCreated created() {
        return new OrderCreated(ID, "cs_1", "pay_1", "res_1", PERMALINK, 2160, "usd", T0);
    }

    static OrderConfirmed confirmed() {
        return new OrderConfirmed(ID, "pay_1", 2160, "usd", T1);
    }

    static OrderFulfillmentUpdated shipped() {
        return new OrderFulfillmentUpdated(ID, "ful_ord_1", "shipped", "ful_ord_1_evt_1", "shipped", "shipped",
                Map.of("li_1", 2), "UPS", "1Z999", "https://ups.example/1Z999", T1);
    }

    @Test
    void create_placesAndCreatesOrder_forValidRequest() {
        fixture.givenNoPriorActivity().when(create(LINES)).expectEvents(placed(), created());
    }

    @Test
    void create_isNoOp_forExistingOrder() {
        fixture.given(placed(), created()).when(create(LINES)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void create_rejects_requestWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(create(List.of()))
                .expectEvents(new OrderRejected(ID, "cs_1", "no_line_items", T0));
    }

    @Test
    void create_rejects_nonPositiveQuantity() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new OrderLine("li_1", "item_1", "Mug", 0, 1000, 0, 0, 0))))
                .expectEvents(new OrderRejected(ID, "cs_1", "invalid_quantity", T0));
    }

    @Test
    void create_isNoOp_afterRejection() {
        fixture.given(new OrderRejected(ID, "cs_1", "no_line_items", T0)).when(create(LINES)).expectNoEvents();
    }

    @Test
    void confirm_confirmsCreatedOrder() {
        fixture.given(placed(), created())
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1))
                .expectEvents(confirmed());
    }

    @Test
    void confirm_isNoOp_whenAlreadyConfirmed() {
        fixture.given(placed(), created(), confirmed())
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1))
                .expectNoEvents();
    }

    @Test
    void ship_marksEveryLineFulfilled_withTracking() {
        fixture.given(placed(), created(), confirmed())
                .when(new ShipOrder(ID, "UPS", "1Z999", "https://ups.example/1Z999", T1))
                .expectEvents(shipped());
    }

    @Test
    void ship_putsTheUnitsNotYetInAFulfillmentInANewOne_whenOthersExist() {
        fixture.given(placed(), created(), confirmed(),
                        new FulfillmentCreated(ID, "ful_ord_1_1", "shipping", List.of(new LineQuantity("li_1", 1)),
                                request(LINES).shippingAddress(), null, null, "ful_ord_1_1_evt_1", "processing", T1))
                .when(new ShipOrder(ID, "UPS", "1Z999", null, T1))
                .expectEvents(
                        new FulfillmentCreated(ID, "ful_ord_1_2", "shipping", List.of(new LineQuantity("li_1", 1)),
                                request(LINES).shippingAddress(), null, null, "ful_ord_1_2_evt_1", "processing", T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "shipped", "ful_ord_1_1_evt_2", "shipped",
                                "processing", Map.of("li_1", 1), "UPS", "1Z999", null, T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_2", "shipped", "ful_ord_1_2_evt_2", "shipped",
                                "shipped", Map.of("li_1", 2), "UPS", "1Z999", null, T1));
    }

    @Test
    void deliver_withFulfillmentsUnderWay_deliversEachOfThem_andTheRestInANewOne() {
        fixture.given(placed(), created(), confirmed(),
                        new FulfillmentCreated(ID, "ful_ord_1_1", "shipping", List.of(new LineQuantity("li_1", 1)),
                                request(LINES).shippingAddress(), null, null, "ful_ord_1_1_evt_1", "processing", T1))
                .when(new DeliverOrder(ID, T1))
                .expectEvents(
                        new FulfillmentCreated(ID, "ful_ord_1_2", "shipping", List.of(new LineQuantity("li_1", 1)),
                                request(LINES).shippingAddress(), null, null, "ful_ord_1_2_evt_1", "processing", T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_2", "delivered",
                                "processing", Map.of("li_1", 1), null, null, null, T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_2", "delivered", "ful_ord_1_2_evt_2", "delivered",
                                "completed", Map.of("li_1", 2), null, null, null, T1));
    }

    @Test
    void legacyShippedStream_isStillDeliverable_andNotShippedTwice() {
        fixture.given(placed(), created(), confirmed(), shipped())
                .when(new ShipOrder(ID, "DHL", null, null, T1))
                .expectNoEvents();
    }

    @Test
    void ship_isNoOp_whenAlreadyShipped() {
        fixture.given(placed(), created(), confirmed(), shipped())
                .when(new ShipOrder(ID, "UPS", "1Z999", null, T1))
                .expectNoEvents();
    }

    @Test
    void deliver_completesShippedOrder() {
        fixture.given(placed(), created(), confirmed(), shipped())
                .when(new DeliverOrder(ID, T1))
                .expectEvents(new OrderFulfillmentUpdated(ID, "ful_ord_1", "delivered", "ful_ord_1_evt_2", "delivered",
                        "completed", Map.of("li_1", 2), null, null, null, T1));
    }

    @Test
    void cancel_cancelsConfirmedOrder() {
        fixture.given(placed(), created(), confirmed())
                .when(new CancelOrder(ID, "out_of_stock", T1))
                .expectEvents(new OrderCanceled(ID, "out_of_stock", T1),
                        new org.acpmerchant.events.order.OrderCanceled(ID, "cs_1", "pay_1", "res_1", "out_of_stock", T1),
                        new org.acpmerchant.events.order.OrderItemsReleased(ID, "cs_1", "res_1", "cancel_ord_1",
                                List.of(new org.acpmerchant.events.StockLine("item_1", 2)), "out_of_stock", T1));
    }

    @Test
    void cancel_fails_forShippedOrder() {
        fixture.given(placed(), created(), confirmed(), shipped())
                .when(new CancelOrder(ID, "too_late", T1))
                .expectException(OrderStateConflictException.class)
                .expectExceptionMessage("order ord_1 is shipped and cannot be canceled");
    }

    @Test
    void ship_fails_forCanceledOrder() {
        fixture.given(placed(), created(), new OrderCanceled(ID, "x", T1))
                .when(new ShipOrder(ID, null, null, null, T1))
                .expectException(OrderStateConflictException.class);
    }

    static RefundRequested refundRequested(String refundId, long amount, List<RefundLine> lines) {
        return new RefundRequested(refundId, ID, "cs_1", "pay_1", amount, "usd", lines, "damaged", T1);
    }

    @Test
    void refund_byAmount_isRequested_andAnswersPending() {
        fixture.given(placed(), created(), confirmed())
                .when(new RequestRefund(ID, "rfd_1", 500L, List.of(), "damaged", T1))
                .expectEvents(refundRequested("rfd_1", 500, List.of()))
                .expectResultMessagePayload(new RefundAccepted("rfd_1", 500, "usd", "pending"));
    }

    @Test
    void refund_byLines_takesTheLinesShareOfItsTotal() {
        fixture.given(placed(), created(), confirmed())
                .when(new RequestRefund(ID, "rfd_1", null, List.of(new RefundLine("li_1", 1)), "damaged", T1))
                .expectEvents(refundRequested("rfd_1", 1080, List.of(new RefundLine("li_1", 1))));
    }

    @Test
    void refundPreview_answersWhatTheRefundWouldBe_andAppliesNothing() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 500, List.of()))
                .when(new PreviewRefund(ID, null, List.of(new RefundLine("li_1", 1))))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundPreview(1080, "usd", 1660, 580));
        fixture.given(placed(), created(), confirmed())
                .when(new PreviewRefund(ID, 700L, List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundPreview(700, "usd", 2160, 1460));
    }

    @Test
    void refundPreview_beyondRemaining_isRefusedAsTheRefundWouldBe() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 2000, List.of()))
                .when(new PreviewRefund(ID, 161L, List.of()))
                .expectNoEvents()
                .expectException(RefundRefusedException.class)
                .expectExceptionMessage("The refund of 161 exceeds the 160 usd that remain refundable.");
    }

    @Test
    void refund_beyondRemaining_isRefused_withoutEvent() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 2000, List.of()))
                .when(new RequestRefund(ID, "rfd_2", 161L, List.of(), "damaged", T1))
                .expectNoEvents()
                .expectException(RefundRefusedException.class)
                .expectExceptionMessage("The refund of 161 exceeds the 160 usd that remain refundable.");
    }

    @Test
    void refund_failedOne_makesItsAmountRefundableAgain() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 2160, List.of()),
                        new RefundFailed(ID, "rfd_1", "card_closed", T1))
                .when(new RequestRefund(ID, "rfd_2", 2160L, List.of(), "damaged", T1))
                .expectEvents(refundRequested("rfd_2", 2160, List.of()));
    }

    @Test
    void refund_linesAlreadyRefunded_areRefused() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 2160, List.of(new RefundLine("li_1", 2))))
                .when(new RequestRefund(ID, "rfd_2", null, List.of(new RefundLine("li_1", 1)), "damaged", T1))
                .expectNoEvents()
                .expectException(RefundRefusedException.class);
    }

    @Test
    void refund_sameId_isNoOp_andSameIdOtherAmount_isRefused() {
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 500, List.of()))
                .when(new RequestRefund(ID, "rfd_1", 500L, List.of(), "damaged", T1))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundAccepted("rfd_1", 500, "usd", "pending"));
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 500, List.of()))
                .when(new RequestRefund(ID, "rfd_1", 600L, List.of(), "damaged", T1))
                .expectException(RefundRefusedException.class);
    }

    @Test
    void refund_beforeCapture_isAConflict() {
        fixture.given(placed(), created())
                .when(new RequestRefund(ID, "rfd_1", 100L, List.of(), "damaged", T1))
                .expectException(OrderStateConflictException.class);
    }

    @Test
    void refundCompleted_andFailed_settleOnce_andUnknownRefundsAreRecorded() {
        RefundCompleted completed = new RefundCompleted(ID, "rfd_1", 500, "usd", "re_1", T1);
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 500, List.of()))
                .when(new CompleteRefund(ID, "rfd_1", 500, "usd", "re_1", T1))
                .expectEvents(completed);
        fixture.given(placed(), created(), confirmed(), refundRequested("rfd_1", 500, List.of()), completed)
                .when(new FailRefund(ID, "rfd_1", "late", T1))
                .expectNoEvents();
        fixture.given(placed(), created(), confirmed())
                .when(new CompleteRefund(ID, "re_cancel", 2160, "usd", "re_2", T1))
                .expectEvents(new RefundCompleted(ID, "re_cancel", 2160, "usd", "re_2", T1));
    }

    @Test
    void dispute_isRecorded_oncePerStatus() {
        OrderDisputed opened = new OrderDisputed(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1);
        fixture.given(placed(), created(), confirmed())
                .when(new RecordDispute(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1))
                .expectEvents(opened);
        fixture.given(placed(), created(), confirmed(), opened)
                .when(new RecordDispute(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1))
                .expectNoEvents();
    }

    @Test
    void merchantConfirmation_recordsTheCapture_thenTheMerchantConfirms() {
        fixture.given(placed(), created())
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1, true))
                .expectEvents(new org.acpmerchant.orders.order.api.PaymentCaptureRecorded(ID, "pay_1", 2160, "usd", T1));
        Instant later = T1.plusSeconds(60);
        fixture.given(placed(), created(),
                        new org.acpmerchant.orders.order.api.PaymentCaptureRecorded(ID, "pay_1", 2160, "usd", T1))
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, later))
                .expectEvents(new OrderConfirmed(ID, "pay_1", 2160, "usd", later));
    }

    @Test
    void merchantConfirmation_isRefusedBeforeTheCapture_andANoOpOnceConfirmed() {
        fixture.given(placed(), created())
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, T1))
                .expectNoEvents()
                .expectException(OrderStateConflictException.class);
        fixture.given(placed(), created(), confirmed())
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
