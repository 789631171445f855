package org.acpmerchant.pricing.catalog.infrastructure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.acpmerchant.pricing.catalog.application.CatalogStore;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The catalog in {@code catalog_variant}, on-hand counts in {@code stock_level}; one transaction per load. */
public class JdbcCatalogStore implements CatalogStore {

    private static final int BATCH = 500;

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
                    + "on_hand integer not null) on commit drop");
            BatchWriter writer = new BatchWriter();
            writeVariants.accept(writer);
            writer.flush();
            jdbc.update("insert into stock_level (variant_id, on_hand, reserved) "
                    + "select variant_id, on_hand, 0 from loaded_stock order by variant_id "
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

    private final class BatchWriter implements CatalogWriter {
        private final List<Object[]> variants = new ArrayList<>();
        private final List<Object[]> stock = new ArrayList<>();
        private int total;

        @Override
        public void add(CatalogVariant v, int onHand) {
            variants.add(new Object[] {
                v.id(), v.productId(), v.title(), v.description(), v.imageUrl(), v.priceAmount(), v.currency(),
                v.digital(), v.status()
            });
            stock.add(new Object[] {v.id(), onHand});
            total++;
            if (variants.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (variants.isEmpty()) {
                return;
            }
            jdbc.batchUpdate(
                    "insert into catalog_variant (variant_id, product_id, title, description, image_url, "
                            + "price_amount, currency, digital, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    variants);
            jdbc.batchUpdate("insert into loaded_stock (variant_id, on_hand) values (?, ?)", stock);
            variants.clear();
            stock.clear();
        }
    }
}
