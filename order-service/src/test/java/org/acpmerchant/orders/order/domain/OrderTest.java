package org.acpmerchant.orders.order.domain;

import static org.acpmerchant.orders.order.domain.OrderFixtures.HOME;
import static org.acpmerchant.orders.order.domain.OrderFixtures.ID;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T0;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T1;
import static org.acpmerchant.orders.order.domain.OrderFixtures.TWO_MUGS;
import static org.acpmerchant.orders.order.domain.OrderFixtures.confirmed;
import static org.acpmerchant.orders.order.domain.OrderFixtures.confirmedOrder;
import static org.acpmerchant.orders.order.domain.OrderFixtures.create;
import static org.acpmerchant.orders.order.domain.OrderFixtures.created;
import static org.acpmerchant.orders.order.domain.OrderFixtures.placed;
import static org.acpmerchant.orders.order.domain.OrderFixtures.refundRequested;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.checkout.OrderLine;
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
import org.acpmerchant.orders.order.api.OrderCommand.DeliverOrder;
import org.acpmerchant.orders.order.api.OrderCommand.ShipOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderFulfillmentUpdated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Placing, confirming, shipping, delivering and canceling an order; refunds, disputes, merchant confirmation. */
class OrderTest {

    AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static OrderFulfillmentUpdated shipped() {
        return new OrderFulfillmentUpdated(ID, "ful_ord_1", "shipped", "ful_ord_1_evt_1", "shipped", "shipped",
                Map.of("li_1", 2), "UPS", "1Z999", "https://ups.example/1Z999", T1);
    }

    @Test
    void create_placesAndCreatesOrder_forValidRequest() {
        fixture.givenNoPriorActivity()
                .when(create(TWO_MUGS, "shipping"))
                .expectEvents(placed(TWO_MUGS, "shipping"), created(TWO_MUGS));
    }

    @Test
    void create_isNoOp_forExistingOrder() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS))
                .when(create(TWO_MUGS, "shipping"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void create_rejects_requestWithoutLines() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(), "shipping"))
                .expectEvents(new OrderRejected(ID, "cs_1", "no_line_items", T0));
    }

    @Test
    void create_rejects_nonPositiveQuantity() {
        fixture.givenNoPriorActivity()
                .when(create(List.of(new OrderLine("li_1", "item_1", "Mug", 0, 1000, 0, 0, 0)), "shipping"))
                .expectEvents(new OrderRejected(ID, "cs_1", "invalid_quantity", T0));
    }

    @Test
    void create_isNoOp_afterRejection() {
        fixture.given(new OrderRejected(ID, "cs_1", "no_line_items", T0))
                .when(create(TWO_MUGS, "shipping"))
                .expectNoEvents();
    }

    @Test
    void confirm_confirmsCreatedOrder() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS))
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1))
                .expectEvents(confirmed(TWO_MUGS));
    }

    @Test
    void confirm_isNoOp_whenAlreadyConfirmed() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1))
                .expectNoEvents();
    }

    @Test
    void ship_marksEveryLineFulfilled_withTracking() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new ShipOrder(ID, "UPS", "1Z999", "https://ups.example/1Z999", T1))
                .expectEvents(shipped());
    }

    @Test
    void ship_putsTheUnitsNotYetInAFulfillmentInANewOne_whenOthersExist() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(new FulfillmentCreated(ID, "ful_ord_1_1", "shipping", List.of(new LineQuantity("li_1", 1)),
                        HOME, null, null, "ful_ord_1_1_evt_1", "processing", T1))
                .when(new ShipOrder(ID, "UPS", "1Z999", null, T1))
                .expectEvents(
                        new FulfillmentCreated(ID, "ful_ord_1_2", "shipping", List.of(new LineQuantity("li_1", 1)),
                                HOME, null, null, "ful_ord_1_2_evt_1", "processing", T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "shipped", "ful_ord_1_1_evt_2", "shipped",
                                "processing", Map.of("li_1", 1), "UPS", "1Z999", null, T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_2", "shipped", "ful_ord_1_2_evt_2", "shipped",
                                "shipped", Map.of("li_1", 2), "UPS", "1Z999", null, T1));
    }

    @Test
    void deliver_withFulfillmentsUnderWay_deliversEachOfThem_andTheRestInANewOne() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(new FulfillmentCreated(ID, "ful_ord_1_1", "shipping", List.of(new LineQuantity("li_1", 1)),
                        HOME, null, null, "ful_ord_1_1_evt_1", "processing", T1))
                .when(new DeliverOrder(ID, T1))
                .expectEvents(
                        new FulfillmentCreated(ID, "ful_ord_1_2", "shipping", List.of(new LineQuantity("li_1", 1)),
                                HOME, null, null, "ful_ord_1_2_evt_1", "processing", T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_1", "delivered", "ful_ord_1_1_evt_2", "delivered",
                                "processing", Map.of("li_1", 1), null, null, null, T1),
                        new OrderFulfillmentUpdated(ID, "ful_ord_1_2", "delivered", "ful_ord_1_2_evt_2", "delivered",
                                "completed", Map.of("li_1", 2), null, null, null, T1));
    }

    @Test
    void legacyShippedStream_isStillDeliverable_andNotShippedTwice() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(shipped())
                .when(new ShipOrder(ID, "DHL", null, null, T1))
                .expectNoEvents();
    }

    @Test
    void ship_isNoOp_whenAlreadyShipped() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(shipped())
                .when(new ShipOrder(ID, "UPS", "1Z999", null, T1))
                .expectNoEvents();
    }

    @Test
    void deliver_completesShippedOrder() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(shipped())
                .when(new DeliverOrder(ID, T1))
                .expectEvents(new OrderFulfillmentUpdated(ID, "ful_ord_1", "delivered", "ful_ord_1_evt_2", "delivered",
                        "completed", Map.of("li_1", 2), null, null, null, T1));
    }

    @Test
    void cancel_cancelsConfirmedOrder() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new CancelOrder(ID, "out_of_stock", T1))
                .expectEvents(new OrderCanceled(ID, "out_of_stock", T1),
                        new org.acpmerchant.events.order.OrderCanceled(ID, "cs_1", "pay_1", "res_1", "out_of_stock", T1),
                        new org.acpmerchant.events.order.OrderItemsReleased(ID, "cs_1", "res_1", "cancel_ord_1",
                                List.of(new org.acpmerchant.events.StockLine("item_1", 2)), "out_of_stock", T1));
    }

    @Test
    void cancel_fails_forShippedOrder() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(shipped())
                .when(new CancelOrder(ID, "too_late", T1))
                .expectException(OrderStateConflictException.class)
                .expectExceptionMessage("order ord_1 is shipped and cannot be canceled");
    }

    @Test
    void ship_fails_forCanceledOrder() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS), new OrderCanceled(ID, "x", T1))
                .when(new ShipOrder(ID, null, null, null, T1))
                .expectException(OrderStateConflictException.class);
    }

    /** A refund ops asked for because the goods came damaged. */
    static RefundRequested damaged(String refundId, long amount, List<RefundLine> lines) {
        return refundRequested(refundId, amount, lines, "damaged", T1);
    }

    @Test
    void refund_byAmount_isRequested_andAnswersPending() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new RequestRefund(ID, "rfd_1", 500L, List.of(), "damaged", T1))
                .expectEvents(damaged("rfd_1", 500, List.of()))
                .expectResultMessagePayload(new RefundAccepted("rfd_1", 500, "usd", "pending"));
    }

    @Test
    void refund_byLines_takesTheLinesShareOfItsTotal() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new RequestRefund(ID, "rfd_1", null, List.of(new RefundLine("li_1", 1)), "damaged", T1))
                .expectEvents(damaged("rfd_1", 1080, List.of(new RefundLine("li_1", 1))));
    }

    @Test
    void refundPreview_answersWhatTheRefundWouldBe_andAppliesNothing() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 500, List.of()))
                .when(new PreviewRefund(ID, null, List.of(new RefundLine("li_1", 1))))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundPreview(1080, "usd", 1660, 580));
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new PreviewRefund(ID, 700L, List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundPreview(700, "usd", 2160, 1460));
    }

    @Test
    void refundPreview_beyondRemaining_isRefusedAsTheRefundWouldBe() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 2000, List.of()))
                .when(new PreviewRefund(ID, 161L, List.of()))
                .expectNoEvents()
                .expectException(RefundRefusedException.class)
                .expectExceptionMessage("The refund of 161 exceeds the 160 usd that remain refundable.");
    }

    @Test
    void refund_beyondRemaining_isRefused_withoutEvent() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 2000, List.of()))
                .when(new RequestRefund(ID, "rfd_2", 161L, List.of(), "damaged", T1))
                .expectNoEvents()
                .expectException(RefundRefusedException.class)
                .expectExceptionMessage("The refund of 161 exceeds the 160 usd that remain refundable.");
    }

    @Test
    void refund_failedOne_makesItsAmountRefundableAgain() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 2160, List.of()),
                        new RefundFailed(ID, "rfd_1", "card_closed", T1))
                .when(new RequestRefund(ID, "rfd_2", 2160L, List.of(), "damaged", T1))
                .expectEvents(damaged("rfd_2", 2160, List.of()));
    }

    @Test
    void refund_linesAlreadyRefunded_areRefused() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 2160, List.of(new RefundLine("li_1", 2))))
                .when(new RequestRefund(ID, "rfd_2", null, List.of(new RefundLine("li_1", 1)), "damaged", T1))
                .expectNoEvents()
                .expectException(RefundRefusedException.class);
    }

    @Test
    void refund_sameId_isNoOp_andSameIdOtherAmount_isRefused() {
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 500, List.of()))
                .when(new RequestRefund(ID, "rfd_1", 500L, List.of(), "damaged", T1))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundAccepted("rfd_1", 500, "usd", "pending"));
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 500, List.of()))
                .when(new RequestRefund(ID, "rfd_1", 600L, List.of(), "damaged", T1))
                .expectException(RefundRefusedException.class);
    }

    @Test
    void refund_beforeCapture_isAConflict() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS))
                .when(new RequestRefund(ID, "rfd_1", 100L, List.of(), "damaged", T1))
                .expectException(OrderStateConflictException.class);
    }

    @Test
    void refundCompleted_andFailed_settleOnce_andUnknownRefundsAreRecorded() {
        RefundCompleted completed = new RefundCompleted(ID, "rfd_1", 500, "usd", "re_1", T1);
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 500, List.of()))
                .when(new CompleteRefund(ID, "rfd_1", 500, "usd", "re_1", T1))
                .expectEvents(completed);
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(damaged("rfd_1", 500, List.of()), completed)
                .when(new FailRefund(ID, "rfd_1", "late", T1))
                .expectNoEvents();
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new CompleteRefund(ID, "re_cancel", 2160, "usd", "re_2", T1))
                .expectEvents(new RefundCompleted(ID, "re_cancel", 2160, "usd", "re_2", T1));
    }

    @Test
    void dispute_isRecorded_oncePerStatus() {
        OrderDisputed opened = new OrderDisputed(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1);
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new RecordDispute(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1))
                .expectEvents(opened);
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .andGiven(opened)
                .when(new RecordDispute(ID, "dp_1", 2160, "usd", "fraudulent", "needs_response", T1))
                .expectNoEvents();
    }

    @Test
    void merchantConfirmation_recordsTheCapture_thenTheMerchantConfirms() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS))
                .when(new ConfirmOrder(ID, "pay_1", 2160, "usd", T1, true))
                .expectEvents(new org.acpmerchant.orders.order.api.PaymentCaptureRecorded(ID, "pay_1", 2160, "usd", T1));
        Instant later = T1.plusSeconds(60);
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS),
                        new org.acpmerchant.orders.order.api.PaymentCaptureRecorded(ID, "pay_1", 2160, "usd", T1))
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, later))
                .expectEvents(new OrderConfirmed(ID, "pay_1", 2160, "usd", later));
    }

    @Test
    void merchantConfirmation_isRefusedBeforeTheCapture_andANoOpOnceConfirmed() {
        fixture.given(placed(TWO_MUGS, "shipping"), created(TWO_MUGS))
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, T1))
                .expectNoEvents()
                .expectException(OrderStateConflictException.class);
        fixture.given(confirmedOrder(TWO_MUGS, "shipping"))
                .when(new org.acpmerchant.orders.order.api.OrderCommand.MerchantConfirmOrder(ID, T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
