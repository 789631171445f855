package org.acpmerchant.events.pricing;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.serialization.Revision;

/**
 * Nothing is held: not enough stock ({@code shortages}) or a usage-limited discount code the quote applied has no use
 * left once the sales and the reservations already holding it are counted ({@code exhaustedDiscountCodes}, normalized
 * codes). Revision 1; {@code exhaustedDiscountCodes} added without a bump (absent in older messages means none).
 */
@Revision("1")
public record StockReservationRejected(
        String reservationId,
        String sessionId,
        String attemptId,
        List<StockShortage> shortages,
        Instant rejectedAt,
        List<String> exhaustedDiscountCodes)
        implements IntegrationEvent {
    public StockReservationRejected {
        shortages = List.copyOf(shortages);
        exhaustedDiscountCodes = exhaustedDiscountCodes == null ? List.of() : List.copyOf(exhaustedDiscountCodes);
    }

    public StockReservationRejected(
            String reservationId, String sessionId, String attemptId, List<StockShortage> shortages,
            Instant rejectedAt) {
        this(reservationId, sessionId, attemptId, shortages, rejectedAt, List.of());
    }
}
