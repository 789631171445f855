package org.acpmerchant.pricing.quote.infrastructure;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acpmerchant.pricing.quote.application.PriceCatalog;
import org.acpmerchant.pricing.quote.domain.QuoteItem;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads variants and their available units (on hand minus held) from the pricing schema. */
public class JdbcPriceCatalog implements PriceCatalog {

    private final JdbcTemplate jdbc;

    public JdbcPriceCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> currencies() {
        return new HashSet<>(jdbc.queryForList("select distinct currency from catalog_variant", String.class));
    }

    @Override
    public Map<String, QuoteItem> findItems(Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.query(
                        "select v.variant_id, v.title, v.description, v.image_url, v.price_amount, v.currency, "
                                + "v.digital, coalesce(v.weight_grams, 0) as weight_grams, "
                                + "greatest(coalesce(s.on_hand - s.reserved, 0), 0) as available "
                                + "from catalog_variant v left join stock_level s on s.variant_id = v.variant_id "
                                + "where v.variant_id = any (?)",
                        (rs, i) -> new QuoteItem(
                                rs.getString("variant_id"),
                                rs.getString("title"),
                                rs.getString("description"),
                                rs.getString("image_url"),
                                rs.getLong("price_amount"),
                                rs.getString("currency"),
                                !rs.getBoolean("digital"),
                                rs.getInt("available"),
                                rs.getLong("weight_grams")),
                        (Object) itemIds.toArray(String[]::new))
                .stream()
                .collect(Collectors.toMap(QuoteItem::itemId, Function.identity()));
    }
}
