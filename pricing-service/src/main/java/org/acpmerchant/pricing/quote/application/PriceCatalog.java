package org.acpmerchant.pricing.quote.application;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.pricing.quote.domain.QuoteItem;

/** Read access to the current catalog and stock for pricing. */
public interface PriceCatalog {

    /** The currencies the catalog sells in, uppercase ISO 4217 (e.g. {@code USD}). */
    Set<String> currencies();

    /** The catalog entries for those ids that exist, keyed by item (variant) id, with their available units. */
    Map<String, QuoteItem> findItems(Collection<String> itemIds);
}
