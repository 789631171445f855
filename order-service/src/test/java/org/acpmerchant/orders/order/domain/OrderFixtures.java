package org.acpmerchant.orders.order.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.OrderAddress;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.checkout.OrderRequested;
import org.acpmerchant.events.checkout.OrderRequested.PickupLocation;
import org.acpmerchant.events.order.OrderCreated;
import org.acpmerchant.events.order.OrderItemsReleased;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.OrderCommand.CreateOrder;
import org.acpmerchant.orders.order.api.OrderConfirmed;
import org.acpmerchant.orders.order.api.OrderPlaced;

/**
 * The order {@code ord_1} the {@link Order} tests start from: its lines (two baskets), the request that places it, the
 * events that place, create and confirm it, and the events its refunds and stock releases carry.
 */
final class OrderFixtures {

    static final String ID = "ord_1";
    static final String PERMALINK = "https://shop.example/orders/ord_1";
    static final Instant T0 = Instant.parse("2026-04-20T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-04-20T11:00:00Z");
    static final Instant T2 = Instant.parse("2026-04-20T12:00:00Z");
    static final OrderAddress HOME = new OrderAddress("Jane", "1 Main St", null, "Springfield", "IL", "US", "62701");
    static final OrderAddress STORE = new OrderAddress(null, "5 Market St", null, "Springfield", "IL", "US", "62702");
    static final PickupLocation LOCATION = new PickupLocation("store_1", "Downtown store", STORE, null, null);
    /** Where a pickup fulfillment goes: the store's address under the location's name. */
    static final OrderAddress STORE_DESTINATION =
            new OrderAddress("Downtown store", "5 Market St", null, "Springfield", "IL", "US", "62702");

    /** Two mugs for 2160 in all (1080 each). */
    static final List<OrderLine> TWO_MUGS = List.of(new OrderLine("li_1", "item_1", "Mug", 2, 1000, 2000, 160, 2160));

    /** Three mugs for 1000 in all (shares 333, 333, 334) and a spoon for 500: captured 1500. */
    static final List<OrderLine> MUGS_AND_SPOON = List.of(
            new OrderLine("li_1", "mug", "Mug", 3, 300, 900, 100, 1000),
            new OrderLine("li_2", "spoon", "Spoon", 1, 450, 450, 50, 500));

    private OrderFixtures() {}

    /** Checkout's request for an order of {@code lines}, to {@link #HOME} or picked up at {@link #LOCATION}. */
    static OrderRequested request(List<OrderLine> lines, String fulfillmentType) {
        return new OrderRequested(ID, "cs_1", "pay_1", "res_1", "usd", lines, totals(lines), "buyer@example.com", HOME,
                fulfillmentType, "Standard", T0, "pickup".equals(fulfillmentType) ? LOCATION : null);
    }

    static CreateOrder create(List<OrderLine> lines, String fulfillmentType) {
        return new CreateOrder(ID, request(lines, fulfillmentType), "ORD-1", PERMALINK, T0);
    }

    static OrderPlaced placed(List<OrderLine> lines, String fulfillmentType) {
        return new OrderPlaced(ID, "cs_1", "ORD-1", PERMALINK, "pay_1", "usd", lines, totals(lines),
                "buyer@example.com", HOME, "ful_ord_1", fulfillmentType, "Standard", T0,
                "pickup".equals(fulfillmentType) ? LOCATION : null);
    }

    static OrderCreated created(List<OrderLine> lines) {
        return new OrderCreated(ID, "cs_1", "pay_1", "res_1", PERMALINK, total(lines), "usd", T0);
    }

    /** The payment captured for the whole total. */
    static OrderConfirmed confirmed(List<OrderLine> lines) {
        return new OrderConfirmed(ID, "pay_1", total(lines), "usd", T1);
    }

    /** Placed, created and confirmed: the history most tests start from. */
    static Object[] confirmedOrder(List<OrderLine> lines, String fulfillmentType) {
        return new Object[] {placed(lines, fulfillmentType), created(lines), confirmed(lines)};
    }

    /** Line quantities from pairs: {@code lines("li_1", 2, "li_2", 1)}. */
    static List<LineQuantity> lines(Object... idAndQuantity) {
        List<LineQuantity> lines = new ArrayList<>();
        for (int i = 0; i < idAndQuantity.length; i += 2) {
            lines.add(new LineQuantity((String) idAndQuantity[i], (Integer) idAndQuantity[i + 1]));
        }
        return lines;
    }

    static RefundRequested refundRequested(String refundId, long amount, List<RefundLine> lines, String reason,
            Instant at) {
        return new RefundRequested(refundId, ID, "cs_1", "pay_1", amount, "usd", lines, reason, at);
    }

    static OrderItemsReleased released(String releaseId, List<StockLine> stock, String reason, Instant at) {
        return new OrderItemsReleased(ID, "cs_1", "res_1", releaseId, stock, reason, at);
    }

    private static Map<String, Long> totals(List<OrderLine> lines) {
        return Map.of("subtotal", lines.stream().mapToLong(OrderLine::subtotal).sum(),
                "tax", lines.stream().mapToLong(OrderLine::tax).sum(), "total", total(lines));
    }

    private static long total(List<OrderLine> lines) {
        return lines.stream().mapToLong(OrderLine::total).sum();
    }
}
