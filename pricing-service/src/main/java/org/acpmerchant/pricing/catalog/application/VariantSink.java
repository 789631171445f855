package org.acpmerchant.pricing.catalog.application;

import org.acpmerchant.pricing.catalog.domain.CatalogVariant;

/** Receives the valid variants of a feed in file order, with where each came from (file, line, field path). */
@FunctionalInterface
public interface VariantSink {
    void accept(CatalogVariant variant, String file, int line, String field);
}
