package org.acpmerchant.pricing.catalog.application;

import java.time.Instant;
import java.util.function.Consumer;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;

/** Where the catalog and the stock ledger's on-hand counts live. */
public interface CatalogStore {

    /**
     * Replaces the whole catalog in one transaction: {@code writeVariants} streams the new variants into the
     * {@link CatalogWriter}; if it throws, nothing changes. On-hand counts are set for every variant written (0 for
     * variants no longer in the feed); units held by reservations are left as they are.
     */
    void replace(FeedMetadata metadata, Instant loadedAt, Consumer<CatalogWriter> writeVariants);

    /** Receives the variants of a feed being loaded, with their units on hand. */
    interface CatalogWriter {
        void add(CatalogVariant variant, int onHand);
    }
}
