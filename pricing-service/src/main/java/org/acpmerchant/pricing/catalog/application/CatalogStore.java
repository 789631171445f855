package org.acpmerchant.pricing.catalog.application;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;

/** Where the catalog and the stock ledger's on-hand counts live. */
public interface CatalogStore {

    /**
     * Replaces the whole catalog in one transaction: {@code writeVariants} streams the inventory and then the new
     * variants into the {@link CatalogWriter}; if it throws, nothing changes. On-hand counts are set for every variant
     * written (its inventory units when the feed marks it available, else 0; 0 for variants no longer in the feed);
     * units held by reservations are left as they are.
     */
    void replace(FeedMetadata metadata, Instant loadedAt, Consumer<CatalogWriter> writeVariants);

    /**
     * Receives a feed being loaded. Nothing of it is kept in memory beyond one batch: duplicate variant ids are found
     * by the store (a key), not by a set of every id seen.
     */
    interface CatalogWriter {
        /** One {@code inventory.json} entry; a later entry for the same variant wins. Call before {@link #add}. */
        void inventory(String variantId, int units);

        /** One variant; a repeated id is not written but reported by {@link #finish()} with its file, line, field. */
        void add(CatalogVariant variant, String file, int line, String field);

        /** Writes what is pending and returns the duplicate variant ids found, in file order. */
        List<FeedProblem> finish();
    }
}
