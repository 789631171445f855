package org.acpmerchant.pricing.catalog.domain;

/** A merchant update for a variant that is not in the catalog. */
public class UnknownVariantException extends RuntimeException {
    public UnknownVariantException(String variantId) {
        super("no variant '" + variantId + "' in the catalog");
    }
}
