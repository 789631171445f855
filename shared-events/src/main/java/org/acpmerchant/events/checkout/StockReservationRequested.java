package org.acpmerchant.events.checkout;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.StockLine;
import org.axonframework.serialization.Revision;

/** The completion saga asks pricing to hold stock for one completion attempt. Revision 1. */
@Revision("1")
public record StockReservationRequested(
        String reservationId, String sessionId, String attemptId, List<StockLine> lines, Instant requestedAt)
        implements IntegrationEvent {
    public StockReservationRequested {
        lines = List.copyOf(lines);
    }
}
