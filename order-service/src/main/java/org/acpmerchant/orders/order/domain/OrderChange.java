package org.acpmerchant.orders.order.domain;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.orders.order.api.AdjustmentAccepted;
import org.acpmerchant.orders.order.api.ItemsReturned;
import org.acpmerchant.orders.order.api.LineItemsCanceled;
import org.acpmerchant.orders.order.api.LineQuantity;

/**
 * A change to the order's units, recorded as an adjustment: a cancellation of line items or a return. Its id is also
 * the id of the refund of {@code amountMinor} and of the stock released.
 */
record OrderChange(Kind kind, String id, List<LineQuantity> lines, long amountMinor, String reason, Instant at) {

    /** The adjustment's type, as answers carry it. */
    enum Kind implements WireNamed {
        CANCELLATION,
        RETURN
    }

    static OrderChange of(LineItemsCanceled event) {
        return new OrderChange(Kind.CANCELLATION, event.cancellationId(), event.lines(), event.amountMinor(),
                event.reason(), event.canceledAt());
    }

    static OrderChange of(ItemsReturned event) {
        return new OrderChange(Kind.RETURN, event.returnId(), event.lines(), event.amountMinor(), event.reason(),
                event.returnedAt());
    }

    /** Whether a repeated request is this change: same kind, same units per line. */
    boolean sameAs(Kind otherKind, List<LineQuantity> otherLines) {
        return kind == otherKind && LineUnits.perLine(lines).equals(LineUnits.perLine(otherLines));
    }

    /** The answer once made: its refund {@code pending}, or {@code completed} when it carries no money. */
    AdjustmentAccepted accepted(String currency) {
        return accepted(currency, amountMinor > 0 ? "pending" : "completed");
    }

    /** The answer, with the status its refund has. */
    AdjustmentAccepted accepted(String currency, String refundStatus) {
        return new AdjustmentAccepted(id, kind.wireName(), amountMinor, currency, refundStatus, lines);
    }
}
