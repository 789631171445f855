package org.acpmerchant.pricing.catalog.application;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;

/** A {@link CatalogStore.CatalogWriter} for tests: on hand per variant as the JDBC store computes it. */
public class InMemoryCatalogWriter implements CatalogStore.CatalogWriter {

    private final Map<String, Integer> inventory = new HashMap<>();
    private final List<FeedProblem> duplicates = new ArrayList<>();
    public final Map<String, Integer> onHand = new LinkedHashMap<>();

    @Override
    public void inventory(String variantId, int units) {
        inventory.put(variantId, units);
    }

    @Override
    public void add(CatalogVariant variant, String file, int line, String field) {
        if (onHand.containsKey(variant.id())) {
            duplicates.add(new FeedProblem(file, line, field, "duplicate variant id '" + variant.id() + "'"));
            return;
        }
        onHand.put(variant.id(), variant.available() ? inventory.getOrDefault(variant.id(), 0) : 0);
    }

    @Override
    public List<FeedProblem> finish() {
        return duplicates;
    }
}
