package org.acpmerchant.pricing.stock.api;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.StockLine;
import org.axonframework.serialization.Revision;

/** Sold units came back on hand (a canceled order or canceled line items); once per release. Revision 1. */
@Revision("1")
public record StockRestocked(
        String reservationId, String orderId, String releaseId, List<StockLine> lines, Instant restockedAt) {
    public StockRestocked {
        lines = List.copyOf(lines);
    }
}
