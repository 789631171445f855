package org.acpmerchant.orders.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statuses' wire names, which stored events carry: they must not change, and each reads back as itself. */
class StatusWireNamesTest {

    @Test
    void orderStatuses_haveTheirAcpNames_andReadBack() {
        assertThat(Arrays.stream(OrderStatus.values()).map(OrderStatus::wireName)).containsExactly("created",
                "confirmed", "manual_review", "processing", "shipped", "completed", "canceled", "rejected");
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(OrderStatus.fromWireName(status.wireName())).isSameAs(status);
        }
        assertThatThrownBy(() -> OrderStatus.fromWireName("SHIPPED")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderStatus.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fulfillmentStatuses_haveTheirAcpNames_andReadBack() {
        assertThat(Arrays.stream(FulfillmentStatus.values()).map(FulfillmentStatus::wireName)).containsExactly(
                "pending", "processing", "ready_for_pickup", "shipped", "in_transit", "out_for_delivery", "delivered",
                "canceled");
        for (FulfillmentStatus status : FulfillmentStatus.values()) {
            assertThat(FulfillmentStatus.fromWireName(status.wireName())).isSameAs(status);
        }
        assertThatThrownBy(() -> FulfillmentStatus.fromWireName("failed_attempt"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unitsCountAsFulfilledOnceShipped_andCarriersReportUntilDelivery() {
        assertThat(EnumSet.allOf(FulfillmentStatus.class).stream().filter(FulfillmentStatus::counts)).containsExactly(
                FulfillmentStatus.SHIPPED, FulfillmentStatus.IN_TRANSIT, FulfillmentStatus.OUT_FOR_DELIVERY,
                FulfillmentStatus.DELIVERED);
        assertThat(EnumSet.allOf(FulfillmentStatus.class).stream().filter(FulfillmentStatus::onTheWay))
                .containsExactly(FulfillmentStatus.SHIPPED, FulfillmentStatus.IN_TRANSIT,
                        FulfillmentStatus.OUT_FOR_DELIVERY);
    }

    @Test
    void refundStatusesAndChangeKinds_haveTheirAnswerNames() {
        assertThat(Arrays.stream(RefundLedger.Refund.Status.values()).map(RefundLedger.Refund.Status::wireName))
                .containsExactly("pending", "completed", "failed");
        assertThat(Arrays.stream(OrderChange.Kind.values()).map(OrderChange.Kind::wireName))
                .isEqualTo(List.of("cancellation", "return"));
    }
}
