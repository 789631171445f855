package org.acpmerchant.events.pricing;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/** Not enough stock: nothing is held. Revision 1. */
@Revision("1")
public record StockReservationRejected(
        String reservationId, String sessionId, String attemptId, List<StockShortage> shortages, Instant rejectedAt)
        implements IntegrationEvent {
    public StockReservationRejected {
        shortages = List.copyOf(shortages);
    }
}
