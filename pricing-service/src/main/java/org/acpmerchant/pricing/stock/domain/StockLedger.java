package org.acpmerchant.pricing.stock.domain;

import java.time.Instant;
import java.util.List;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.pricing.StockShortage;

/**
 * The units on hand and held per variant. Every method runs in the caller's transaction (the command's unit of work),
 * so a change to the ledger commits or rolls back together with the reservation's events.
 */
public interface StockLedger {

    /**
     * Holds every line for {@code reservationId} until {@code expiresAt}, or nothing: locks the variants' rows in id
     * order and returns the shortages (requested versus available), empty when all lines were held.
     */
    List<StockShortage> hold(String reservationId, List<StockLine> lines, Instant expiresAt);

    /** Makes what the reservation holds available again; does nothing when it holds nothing. */
    void release(String reservationId);

    /** Turns what the reservation holds into a sale: on hand and held both decrease. */
    void commit(String reservationId);

    /** Puts sold units back on hand (variants no longer in the catalog are skipped). */
    void restock(List<StockLine> lines);

    /** Reservations with held units whose hold expired before {@code now}, oldest first, at most {@code limit}. */
    List<String> expiredBefore(Instant now, int limit);
}
