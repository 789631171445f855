package org.acpmerchant.pricing.catalog.infrastructure;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.acpmerchant.pricing.catalog.domain.CatalogUpdates;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code catalog_variant.price_amount} and {@code stock_level.on_hand}, row-locked. */
public class JdbcCatalogUpdates implements CatalogUpdates {

    private final JdbcTemplate jdbc;

    public JdbcCatalogUpdates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public OptionalLong setPrice(String variantId, long amount, String currency) {
        List<Long> previous = jdbc.queryForList(
                "select price_amount from catalog_variant where variant_id = ? for update", Long.class, variantId);
        if (previous.isEmpty()) {
            return OptionalLong.empty();
        }
        jdbc.update("update catalog_variant set price_amount = ?, currency = ? where variant_id = ?",
                amount, currency, variantId);
        nextRevision();
        return OptionalLong.of(previous.get(0));
    }

    @Override
    public OptionalInt adjustOnHand(String variantId, Integer onHand, Integer delta) {
        if (jdbc.queryForList("select 1 from catalog_variant where variant_id = ?", Integer.class, variantId)
                .isEmpty()) {
            return OptionalInt.empty();
        }
        jdbc.update("insert into stock_level (variant_id, on_hand, reserved) values (?, 0, 0) on conflict do nothing",
                variantId);
        int previous = jdbc.queryForObject(
                "select on_hand from stock_level where variant_id = ? for update", Integer.class, variantId);
        long next = onHand != null ? onHand : (long) previous + delta;
        if (next < 0 || next > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "on hand would be " + next + " (now " + previous + "); it must stay within 0.." + Integer.MAX_VALUE);
        }
        jdbc.update("update stock_level set on_hand = ? where variant_id = ?", (int) next, variantId);
        nextRevision();
        return OptionalInt.of(previous);
    }

    /** The catalog changed: a push to the agent's Feed API is due. */
    private void nextRevision() {
        jdbc.update("update catalog_feed set revision = nextval('catalog_revision')");
    }
}
