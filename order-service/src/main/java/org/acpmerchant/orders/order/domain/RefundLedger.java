package org.acpmerchant.orders.order.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.order.RefundRequested;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.LineQuantity;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;

/**
 * The order's money: the captured amount and every refund by id. What remains refundable is the captured amount minus
 * every refund pending or completed. A line's units carry money once, by the cumulative share rule: units
 * {@code k+1 … k+q} of a line with total {@code T} and ordered quantity {@code n} are worth
 * {@code floor(T·(k+q)/n) − floor(T·k/n)}, so all units together are worth exactly {@code T}. A value: every change
 * answers a new one.
 */
final class RefundLedger {

    /** A refund's amount, status and the line units it covers (none for an amount-only refund). */
    record Refund(long amountMinor, Status status, List<RefundLine> lines) {

        enum Status implements WireNamed {
            PENDING,
            COMPLETED,
            FAILED
        }

        /** Whether it takes money from what remains: pending or completed, not failed. */
        boolean counts() {
            return status != Status.FAILED;
        }
    }

    /** What some units carry back: an amount and the line units that carry it. */
    record Share(long amountMinor, List<RefundLine> lines) {

        /** At most {@code limit}: never more than remains refundable. */
        Share capped(long limit) {
            return new Share(Math.min(amountMinor, limit), lines);
        }
    }

    private static final RefundLedger NONE = new RefundLedger(0, new LinkedHashMap<>());

    private final long capturedMinor;
    private final Map<String, Refund> refunds;

    private RefundLedger(long capturedMinor, Map<String, Refund> refunds) {
        this.capturedMinor = capturedMinor;
        this.refunds = Collections.unmodifiableMap(refunds);
    }

    /** Nothing captured, nothing refunded. */
    static RefundLedger none() {
        return NONE;
    }

    long capturedMinor() {
        return capturedMinor;
    }

    /** Captured minus every refund pending or completed. */
    long remaining() {
        return capturedMinor - refunds.values().stream().filter(Refund::counts).mapToLong(Refund::amountMinor).sum();
    }

    Optional<Refund> find(String refundId) {
        return Optional.ofNullable(refunds.get(refundId));
    }

    /** Whether the refund can still settle: not recorded yet, or pending. */
    boolean open(String refundId) {
        Refund known = refunds.get(refundId);
        return known == null || known.status() == Refund.Status.PENDING;
    }

    /** Refuses an amount beyond what remains refundable. */
    void requireRemaining(long amountMinor, String currency) {
        long remaining = remaining();
        if (amountMinor > remaining) {
            throw new RefundRefusedException("refund_exceeds_remaining", "The refund of " + amountMinor
                    + " exceeds the " + remaining + " " + currency + " that remain refundable.");
        }
    }

    /**
     * The amount of refund {@code refundId}: the positive {@code amountMinor} given, or else the cumulative share of
     * the line units, each unit refundable once (the refund's own units not counted against it).
     */
    long amountOf(String refundId, Long amountMinor, List<RefundLine> requested, LineUnits units) {
        if (requested.isEmpty()) {
            if (amountMinor == null || amountMinor <= 0) {
                throw new RefundRefusedException("invalid_amount", "A refund needs a positive amount or line items.");
            }
            return amountMinor;
        }
        if (amountMinor != null) {
            throw new RefundRefusedException("invalid_amount", "Give either an amount or line items, not both.");
        }
        long amount = 0;
        for (RefundLine r : requested) {
            OrderLine line = units.line(r.lineItemId());
            if (line == null || r.quantity() < 1) {
                throw new RefundRefusedException("invalid_line_items",
                        "Unknown line item or quantity below 1: " + r.lineItemId());
            }
            int already = creditedUnits(r.lineItemId(), refundId);
            if (r.quantity() + already > line.quantity()) {
                throw new RefundRefusedException("invalid_line_items", "Line item " + r.lineItemId() + " has "
                        + (line.quantity() - already) + " unit(s) left to refund.");
            }
            amount += share(line, already, r.quantity());
        }
        return amount;
    }

    /**
     * What canceled or returned units carry back: each line's cumulative share for the units not yet credited by an
     * earlier refund (units already refunded carry no money again).
     */
    Share shareOf(List<LineQuantity> removed, LineUnits units) {
        long amount = 0;
        List<RefundLine> carrying = new ArrayList<>();
        for (LineQuantity l : removed) {
            OrderLine line = units.line(l.lineItemId());
            int already = creditedUnits(l.lineItemId(), null);
            int quantity = Math.max(0, Math.min(l.quantity(), line.quantity() - already));
            if (quantity > 0) {
                amount += share(line, already, quantity);
                carrying.add(new RefundLine(l.lineItemId(), quantity));
            }
        }
        return new Share(amount, carrying);
    }

    /** Units {@code already+1 … already+quantity} of the line: floor(T·(k+q)/n) − floor(T·k/n). */
    static long share(OrderLine line, int already, int quantity) {
        long total = line.total();
        int ordered = line.quantity();
        return Math.floorDiv(total * (already + quantity), ordered) - Math.floorDiv(total * already, ordered);
    }

    /** Units of the line covered by refunds pending or completed, but for refund {@code exceptRefundId}. */
    int creditedUnits(String lineItemId, String exceptRefundId) {
        return refunds.entrySet().stream()
                .filter(e -> e.getValue().counts() && !e.getKey().equals(exceptRefundId))
                .flatMap(e -> e.getValue().lines().stream())
                .filter(l -> l.lineItemId().equals(lineItemId))
                .mapToInt(RefundLine::quantity).sum();
    }

    /** With the payment captured for {@code amountMinor}. */
    RefundLedger captured(long amountMinor) {
        return new RefundLedger(amountMinor, new LinkedHashMap<>(refunds));
    }

    RefundLedger requested(RefundRequested event) {
        return with(event.refundId(), new Refund(event.amountMinor(), Refund.Status.PENDING, event.lines()));
    }

    /** Completed for the amount the provider refunded (a refund not recorded yet covers no lines). */
    RefundLedger completed(RefundCompleted event) {
        Refund completed = new Refund(event.amountMinor(), Refund.Status.COMPLETED, linesOf(event.refundId()));
        return with(event.refundId(), completed);
    }

    /** Failed: it no longer counts, its amount is refundable again. */
    RefundLedger failed(RefundFailed event) {
        return with(event.refundId(), new Refund(0, Refund.Status.FAILED, linesOf(event.refundId())));
    }

    private List<RefundLine> linesOf(String refundId) {
        Refund known = refunds.get(refundId);
        return known == null ? List.of() : known.lines();
    }

    private RefundLedger with(String refundId, Refund refund) {
        Map<String, Refund> after = new LinkedHashMap<>(refunds);
        after.put(refundId, refund);
        return new RefundLedger(capturedMinor, after);
    }
}
