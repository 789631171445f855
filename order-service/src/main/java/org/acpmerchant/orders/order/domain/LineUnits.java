package org.acpmerchant.orders.order.domain;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.orders.order.api.LineQuantity;

/**
 * An order's line items and their units: current (ordered minus canceled and returned), fulfilled (and not returned),
 * returned, and whether any unit was ever fulfilled. A value: every change answers a new one.
 */
final class LineUnits {

    private final String orderId;
    private final Map<String, OrderLine> lines;
    private final Map<String, Integer> current;
    private final Map<String, Integer> fulfilled;
    private final Map<String, Integer> returned;
    private final boolean everFulfilled;

    private LineUnits(String orderId, Map<String, OrderLine> lines, Map<String, Integer> current,
            Map<String, Integer> fulfilled, Map<String, Integer> returned, boolean everFulfilled) {
        this.orderId = orderId;
        this.lines = lines;
        this.current = Collections.unmodifiableMap(current);
        this.fulfilled = Collections.unmodifiableMap(fulfilled);
        this.returned = Collections.unmodifiableMap(returned);
        this.everFulfilled = everFulfilled;
    }

    /** No lines: an order not placed (or rejected). */
    static LineUnits none() {
        return new LineUnits(null, Collections.emptyMap(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>(), false);
    }

    /** The placed order's lines, every unit current and none fulfilled. */
    static LineUnits placed(String orderId, List<OrderLine> ordered) {
        Map<String, OrderLine> lines = new LinkedHashMap<>();
        Map<String, Integer> current = new LinkedHashMap<>();
        Map<String, Integer> fulfilled = new LinkedHashMap<>();
        for (OrderLine line : ordered) {
            current.put(line.lineItemId(), line.quantity());
            fulfilled.put(line.lineItemId(), 0);
            lines.put(line.lineItemId(), line);
        }
        return new LineUnits(orderId, Collections.unmodifiableMap(lines), current, fulfilled, new LinkedHashMap<>(),
                false);
    }

    /** The line, or null when the order has none with this id. */
    OrderLine line(String lineItemId) {
        return lineItemId == null ? null : lines.get(lineItemId);
    }

    Map<String, Integer> current() {
        return current;
    }

    Map<String, Integer> fulfilled() {
        return fulfilled;
    }

    int returned(String lineItemId) {
        return returned.getOrDefault(lineItemId, 0);
    }

    boolean everFulfilled() {
        return everFulfilled;
    }

    /** Fulfilled units per line that can be returned: only lines with some. */
    Map<String, Integer> returnable() {
        Map<String, Integer> returnable = new LinkedHashMap<>();
        fulfilled.forEach((id, q) -> {
            if (q > 0) {
                returnable.put(id, q);
            }
        });
        return returnable;
    }

    /** Current units not fulfilled, per line with some: what a canceled order never ships. */
    List<LineQuantity> unshipped() {
        return current.entrySet().stream()
                .filter(e -> e.getValue() - fulfilled.getOrDefault(e.getKey(), 0) > 0)
                .map(e -> new LineQuantity(e.getKey(), e.getValue() - fulfilled.getOrDefault(e.getKey(), 0)))
                .toList();
    }

    /** The catalog items and quantities of {@code units} (lines the order has, quantities above 0). */
    List<StockLine> stock(List<LineQuantity> units) {
        return units.stream()
                .filter(u -> u.quantity() > 0 && lines.containsKey(u.lineItemId()))
                .map(u -> new StockLine(lines.get(u.lineItemId()).itemId(), u.quantity()))
                .toList();
    }

    /**
     * Checks requested lines against {@code available} units per line: known ids, quantity at least 1, each id once,
     * at most what is available ({@code what} says what they can be, for the refusal).
     */
    List<LineQuantity> validated(List<LineQuantity> requested, Map<String, Integer> available, String what) {
        if (requested.isEmpty()) {
            throw new OrderChangeRefusedException("invalid_line_items", "Name at least one line item.");
        }
        Set<String> seen = new HashSet<>();
        for (LineQuantity l : requested) {
            if (l.lineItemId() == null || !lines.containsKey(l.lineItemId())) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Order " + orderId + " has no line item " + l.lineItemId() + ".");
            }
            if (l.quantity() < 1) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Quantity of line item " + l.lineItemId() + " must be at least 1.");
            }
            if (!seen.add(l.lineItemId())) {
                throw new OrderChangeRefusedException("invalid_line_items",
                        "Line item " + l.lineItemId() + " is named twice.");
            }
            int free = available.getOrDefault(l.lineItemId(), 0);
            if (l.quantity() > free) {
                throw new OrderChangeRefusedException("quantity_exceeds_available", "Line item " + l.lineItemId()
                        + " has " + free + " unit(s) that can be " + what + "; " + l.quantity() + " requested.");
            }
        }
        return List.copyOf(requested);
    }

    /** These units once {@code canceled} leave the current ones. */
    LineUnits canceling(List<LineQuantity> canceled) {
        Map<String, Integer> after = new LinkedHashMap<>(current);
        canceled.forEach(l -> after.merge(l.lineItemId(), -l.quantity(), Integer::sum));
        return new LineUnits(orderId, lines, after, fulfilled, returned, everFulfilled);
    }

    /** These units once {@code returnedNow} leave the current and the fulfilled ones. */
    LineUnits returning(List<LineQuantity> returnedNow) {
        Map<String, Integer> currentAfter = new LinkedHashMap<>(current);
        Map<String, Integer> fulfilledAfter = new LinkedHashMap<>(fulfilled);
        Map<String, Integer> returnedAfter = new LinkedHashMap<>(returned);
        for (LineQuantity l : returnedNow) {
            currentAfter.merge(l.lineItemId(), -l.quantity(), Integer::sum);
            fulfilledAfter.merge(l.lineItemId(), -l.quantity(), Integer::sum);
            returnedAfter.merge(l.lineItemId(), l.quantity(), Integer::sum);
        }
        return new LineUnits(orderId, lines, currentAfter, fulfilledAfter, returnedAfter, true);
    }

    /** These units once fulfillment {@code before} became {@code after}: its units count when it first counts. */
    LineUnits stepping(Fulfillment before, Fulfillment after) {
        Map<String, Integer> fulfilledAfter = new LinkedHashMap<>(fulfilled);
        if (!before.counted() && after.counted()) {
            before.units().forEach((line, q) -> fulfilledAfter.merge(line, q, Integer::sum));
        }
        return withFulfilled(fulfilledAfter);
    }

    /** With the fulfilled quantities a fulfillment event records. */
    LineUnits withFulfilled(Map<String, Integer> fulfilledNow) {
        Map<String, Integer> after = new LinkedHashMap<>(fulfilled);
        after.putAll(fulfilledNow);
        boolean fulfilledOnce = everFulfilled || fulfilledNow.values().stream().anyMatch(q -> q > 0);
        return new LineUnits(orderId, lines, current, after, returned, fulfilledOnce);
    }

    /** With the current quantities a line cancellation records. */
    LineUnits withCurrent(Map<String, Integer> currentNow) {
        Map<String, Integer> after = new LinkedHashMap<>(current);
        after.putAll(currentNow);
        return new LineUnits(orderId, lines, after, fulfilled, returned, everFulfilled);
    }

    /** With a return's units and the current and fulfilled quantities it records. */
    LineUnits withReturn(List<LineQuantity> returnedNow, Map<String, Integer> currentNow,
            Map<String, Integer> fulfilledNow) {
        Map<String, Integer> returnedAfter = new LinkedHashMap<>(returned);
        returnedNow.forEach(l -> returnedAfter.merge(l.lineItemId(), l.quantity(), Integer::sum));
        Map<String, Integer> currentAfter = new LinkedHashMap<>(current);
        currentAfter.putAll(currentNow);
        Map<String, Integer> fulfilledAfter = new LinkedHashMap<>(fulfilled);
        fulfilledAfter.putAll(fulfilledNow);
        return new LineUnits(orderId, lines, currentAfter, fulfilledAfter, returnedAfter, true);
    }

    /** The whole order canceled: no unit is current any more. */
    LineUnits allCanceled() {
        Map<String, Integer> after = new LinkedHashMap<>(current);
        after.replaceAll((id, quantity) -> 0);
        return new LineUnits(orderId, lines, after, fulfilled, returned, everFulfilled);
    }

    /** Units per line item, a line named twice adding up. */
    static Map<String, Integer> perLine(List<LineQuantity> units) {
        Map<String, Integer> map = new LinkedHashMap<>();
        units.forEach(l -> map.merge(l.lineItemId(), l.quantity(), Integer::sum));
        return map;
    }

    static List<LineQuantity> asLines(Map<String, Integer> units) {
        return units.entrySet().stream().map(e -> new LineQuantity(e.getKey(), e.getValue())).toList();
    }
}
