package org.acpmerchant.pricing.catalog.domain;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Incremental changes to the current catalog and the stock ledger's on-hand counts. Methods run in the caller's
 * transaction (the command's unit of work), so a change commits or rolls back together with its event.
 */
public interface CatalogUpdates {

    /** Sets the price; returns the previous amount, empty when the variant is not in the catalog. */
    OptionalLong setPrice(String variantId, long amount, String currency);

    /**
     * Locks the variant's stock row and sets on hand to {@code onHand}, or changes it by {@code delta}; returns the
     * previous count, empty when the variant is not in the catalog.
     *
     * @throws IllegalArgumentException when the result would be negative (nothing changes)
     */
    OptionalInt adjustOnHand(String variantId, Integer onHand, Integer delta);
}
