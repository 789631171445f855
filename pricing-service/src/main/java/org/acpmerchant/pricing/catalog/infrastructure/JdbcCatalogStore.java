package org.acpmerchant.pricing.catalog.infrastructure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.acpmerchant.pricing.catalog.application.CatalogStore;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalog in {@code catalog_variant}, on-hand counts in {@code stock_level}; one transaction per load. Memory
 * stays bounded by one batch: the inventory goes into the temporary table {@code loaded_inventory} and the variant ids
 * into {@code loaded_stock}, whose primary key finds duplicate ids ({@code on conflict do nothing} inserts 0 rows);
 * on-hand counts are joined in SQL at the end.
 */
public class JdbcCatalogStore implements CatalogStore {

    private static final int BATCH = 1000;
    private static final int MAX_DUPLICATES = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public JdbcCatalogStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void replace(FeedMetadata metadata, Instant loadedAt, Consumer<CatalogWriter> writeVariants) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("delete from catalog_variant");
            jdbc.execute("create temporary table if not exists loaded_stock (variant_id varchar(255) primary key, "
                    + "available boolean not null) on commit drop");
            jdbc.execute("create temporary table if not exists loaded_inventory ("
                    + "variant_id varchar(255) primary key, units integer not null) on commit drop");
            BatchWriter writer = new BatchWriter();
            writeVariants.accept(writer);
            writer.finish();
            jdbc.update("insert into stock_level (variant_id, on_hand, reserved) "
                    + "select l.variant_id, case when l.available then coalesce(i.units, 0) else 0 end, 0 "
                    + "from loaded_stock l left join loaded_inventory i on i.variant_id = l.variant_id "
                    + "order by l.variant_id "
                    + "on conflict (variant_id) do update set on_hand = excluded.on_hand");
            // not exists (an anti-join on the key), not "not in": with a million ids the subquery no longer fits in
            // work_mem, and "not in" then rescans it for every row (quadratic).
            jdbc.update("update stock_level s set on_hand = 0 where s.on_hand <> 0 "
                    + "and not exists (select 1 from loaded_stock l where l.variant_id = s.variant_id)");
            jdbc.update("delete from catalog_feed");
            jdbc.update(
                    "insert into catalog_feed (feed_id, target_country, updated_at, loaded_at, variant_count) "
                            + "values (?, ?, ?, ?, ?)",
                    metadata.id(),
                    metadata.targetCountry(),
                    metadata.updatedAt() == null ? null : Timestamp.from(metadata.updatedAt()),
                    Timestamp.from(loadedAt),
                    writer.total);
        });
    }

    /**
     * Buffers at most {@value #BATCH} entries and writes each batch with one statement over arrays
     * ({@code unnest}), which is several times faster than a JDBC batch of single-row inserts.
     */
    private final class BatchWriter implements CatalogWriter {
        private final Map<String, Integer> inventory = new LinkedHashMap<>();
        private final List<CatalogVariant> variants = new ArrayList<>();
        private final List<FeedProblem> sources = new ArrayList<>();
        private final List<FeedProblem> duplicates = new ArrayList<>();
        private int total;

        @Override
        public void inventory(String variantId, int units) {
            inventory.remove(variantId); // a later entry wins, also within one batch
            inventory.put(variantId, units);
            if (inventory.size() >= BATCH) {
                flushInventory();
            }
        }

        @Override
        public void add(CatalogVariant v, String file, int line, String field) {
            flushInventory();
            variants.add(v);
            sources.add(new FeedProblem(file, line, field, "duplicate variant id '" + v.id() + "'"));
            if (variants.size() >= BATCH) {
                flushVariants();
            }
        }

        @Override
        public List<FeedProblem> finish() {
            flushInventory();
            flushVariants();
            return List.copyOf(duplicates);
        }

        private void flushInventory() {
            if (inventory.isEmpty()) {
                return;
            }
            jdbc.update("insert into loaded_inventory (variant_id, units) "
                            + "select * from unnest(?::varchar[], ?::integer[]) "
                            + "on conflict (variant_id) do update set units = excluded.units",
                    inventory.keySet().toArray(String[]::new),
                    inventory.values().toArray(Integer[]::new));
            inventory.clear();
        }

        private void flushVariants() {
            if (variants.isEmpty()) {
                return;
            }
            int n = variants.size();
            String[] ids = new String[n];
            Boolean[] available = new Boolean[n];
            for (int i = 0; i < n; i++) {
                ids[i] = variants.get(i).id();
                available[i] = variants.get(i).available();
            }
            // The key keeps the first occurrence of an id (in file order: unnest keeps the array's order); every
            // later one, in this batch or an earlier one, is a duplicate.
            Set<String> inserted = new HashSet<>(jdbc.queryForList(
                    "insert into loaded_stock (variant_id, available) select * from unnest(?::varchar[], ?::boolean[]) "
                            + "on conflict do nothing returning variant_id",
                    String.class, ids, available));
            List<CatalogVariant> fresh = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (inserted.remove(ids[i])) {
                    fresh.add(variants.get(i));
                } else if (duplicates.size() < MAX_DUPLICATES) {
                    duplicates.add(sources.get(i));
                }
            }
            total += fresh.size();
            if (duplicates.isEmpty()) {
                int m = fresh.size();
                String[] id = new String[m];
                String[] product = new String[m];
                String[] title = new String[m];
                String[] description = new String[m];
                String[] image = new String[m];
                Long[] price = new Long[m];
                String[] currency = new String[m];
                Boolean[] digital = new Boolean[m];
                String[] status = new String[m];
                Long[] weight = new Long[m];
                for (int i = 0; i < m; i++) {
                    CatalogVariant v = fresh.get(i);
                    id[i] = v.id();
                    product[i] = v.productId();
                    title[i] = v.title();
                    description[i] = v.description();
                    image[i] = v.imageUrl();
                    price[i] = v.priceAmount();
                    currency[i] = v.currency();
                    digital[i] = v.digital();
                    status[i] = v.status();
                    weight[i] = v.weightGrams();
                }
                jdbc.update("insert into catalog_variant (variant_id, product_id, title, description, image_url, "
                                + "price_amount, currency, digital, status, weight_grams) "
                                + "select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], "
                                + "?::varchar[], ?::bigint[], ?::varchar[], ?::boolean[], ?::varchar[], ?::bigint[])",
                        id, product, title, description, image, price, currency, digital, status, weight);
            }
            variants.clear();
            sources.clear();
        }
    }
}
