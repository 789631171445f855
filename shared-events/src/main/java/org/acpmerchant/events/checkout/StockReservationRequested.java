package org.acpmerchant.events.checkout;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.StockLine;
import org.axonframework.serialization.Revision;

/**
 * The completion saga asks pricing to hold stock for one completion attempt. {@code discountCodes} are the codes the
 * quote applied (pricing counts their use when the reservation becomes a sale). Revision 1; {@code discountCodes}
 * added without a bump (absent in older messages means none).
 */
@Revision("1")
public record StockReservationRequested(
        String reservationId,
        String sessionId,
        String attemptId,
        List<StockLine> lines,
        Instant requestedAt,
        List<String> discountCodes)
        implements IntegrationEvent {
    public StockReservationRequested {
        lines = List.copyOf(lines);
        discountCodes = discountCodes == null ? List.of() : List.copyOf(discountCodes);
    }

    public StockReservationRequested(
            String reservationId, String sessionId, String attemptId, List<StockLine> lines, Instant requestedAt) {
        this(reservationId, sessionId, attemptId, lines, requestedAt, List.of());
    }
}
