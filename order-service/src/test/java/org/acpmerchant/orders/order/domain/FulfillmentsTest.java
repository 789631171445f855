package org.acpmerchant.orders.order.domain;

import static org.acpmerchant.orders.order.domain.OrderFixtures.HOME;
import static org.acpmerchant.orders.order.domain.OrderFixtures.ID;
import static org.acpmerchant.orders.order.domain.OrderFixtures.MUGS_AND_SPOON;
import static org.acpmerchant.orders.order.domain.OrderFixtures.STORE_DESTINATION;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T1;
import static org.acpmerchant.orders.order.domain.OrderFixtures.lines;
import static org.acpmerchant.orders.order.domain.OrderFixtures.placed;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.acpmerchant.orders.order.api.FulfillmentCreated;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.junit.jupiter.api.Test;

/** The order's fulfillments and its line units: which units are free, which reached the buyer, and what counts. */
class FulfillmentsTest {

    static final LineUnits UNITS = LineUnits.placed(ID, MUGS_AND_SPOON);

    static FulfillmentCreated created(String id, List<LineQuantity> lines, String key) {
        return new FulfillmentCreated(ID, id, "shipping", lines, HOME, null, key, id + "_evt_1", "processing", T1);
    }

    @Test
    void newFulfillments_areNumberedFromTheRemainder_andFoundByTheirRequestKey() {
        Fulfillments none = Fulfillments.placed(placed(MUGS_AND_SPOON, "pickup"));
        assertThat(none.nextId()).isEqualTo("ful_ord_1_1");
        assertThat(none.destinationFor("pickup")).isEqualTo(STORE_DESTINATION);
        assertThat(none.destinationFor("shipping")).isEqualTo(HOME);
        assertThat(none.destinationFor("digital")).isNull();
        Fulfillments one = none.started(created("ful_ord_1_1", lines("li_1", 2), "k1"));
        assertThat(one.nextId()).isEqualTo("ful_ord_1_2");
        assertThat(one.byRequestKey("k1")).map(Fulfillment::id).contains("ful_ord_1_1");
        assertThat(one.byRequestKey("k2")).isEmpty();
        assertThat(one.byRequestKey(null)).isEmpty();
        assertThat(none.isEmpty()).as("a value: the earlier one is unchanged").isTrue();
    }

    @Test
    void unassignedUnits_leaveOutUnitsInFulfillments_butNotCanceledOnesOrReturnedOnes() {
        Fulfillments one = Fulfillments.placed(placed(MUGS_AND_SPOON, "shipping"))
                .started(created("ful_ord_1_1", lines("li_1", 2), null));
        assertThat(one.unassigned(UNITS)).containsExactly(Map.entry("li_1", 1), Map.entry("li_2", 1));
        assertThat(one.remainder(UNITS))
                .isEqualTo(new Fulfillment("ful_ord_1", "shipping", FulfillmentStatus.PENDING,
                        Map.of("li_1", 1, "li_2", 1), 0, false));
        LineUnits oneReturned = UNITS.returning(lines("li_1", 1));
        assertThat(one.unassigned(oneReturned)).as("a returned unit left its fulfillment and the order")
                .containsExactly(Map.entry("li_1", 1), Map.entry("li_2", 1));
        assertThat(one.canceled().unassigned(UNITS.canceling(lines("li_2", 1))))
                .containsExactly(Map.entry("li_1", 3));
        assertThat(one.canceled().underway()).isFalse();
        assertThat(one.underway()).isTrue();
    }

    @Test
    void aFulfillmentsUnitsCountOnce_whenItFirstShipsOrIsDelivered() {
        Fulfillment started = Fulfillment.started("ful_ord_1_1", "shipping", Map.of("li_1", 2));
        Fulfillment shipped = started.movedTo(FulfillmentStatus.SHIPPED);
        Fulfillment inTransit = shipped.movedTo(FulfillmentStatus.IN_TRANSIT);
        assertThat(UNITS.stepping(started, shipped).fulfilled()).containsEntry("li_1", 2);
        assertThat(UNITS.stepping(shipped, inTransit).fulfilled()).containsEntry("li_1", 0);
        assertThat(UNITS.stepping(started, started.movedTo(FulfillmentStatus.READY_FOR_PICKUP)).fulfilled())
                .containsEntry("li_1", 0);
        assertThat(inTransit.lastEventId()).isEqualTo("ful_ord_1_1_evt_3");
        assertThat(inTransit.movedTo(FulfillmentStatus.DELIVERED).canceledUnlessDelivered().delivered()).isTrue();
        assertThat(inTransit.canceledUnlessDelivered().canceled()).isTrue();
    }

    @Test
    void deliveredUnits_leaveOutReturnedOnes_andDecideTheOrderStatus() {
        Fulfillments all = Fulfillments.placed(placed(MUGS_AND_SPOON, "shipping"))
                .started(created("ful_ord_1_1", lines("li_1", 3, "li_2", 1), null));
        Fulfillment delivered = all.get("ful_ord_1_1").movedTo(FulfillmentStatus.DELIVERED);
        LineUnits fulfilled = UNITS.stepping(all.get("ful_ord_1_1"), delivered);
        Fulfillments after = all.with(delivered);
        assertThat(OrderStatusPolicy.derive(fulfilled, after, true)).isEqualTo(OrderStatus.COMPLETED);
        assertThat(OrderStatusPolicy.derive(UNITS, all, true)).isEqualTo(OrderStatus.PROCESSING);
        assertThat(OrderStatusPolicy.derive(UNITS, Fulfillments.placed(placed(MUGS_AND_SPOON, "shipping")), false))
                .isEqualTo(OrderStatus.CREATED);
        LineUnits returned = fulfilled.returning(lines("li_1", 1));
        assertThat(after.delivered(returned)).containsExactly(Map.entry("li_1", 2), Map.entry("li_2", 1));
        assertThat(OrderStatusPolicy.derive(returned, after, true)).isEqualTo(OrderStatus.COMPLETED);
        LineUnits allReturned = fulfilled.returning(lines("li_1", 3, "li_2", 1));
        assertThat(OrderStatusPolicy.derive(allReturned, after, true)).as("everything came back")
                .isEqualTo(OrderStatus.COMPLETED);
        assertThat(OrderStatusPolicy.derive(UNITS.canceling(lines("li_1", 3, "li_2", 1)), all.canceled(), true))
                .isEqualTo(OrderStatus.CANCELED);
    }
}
