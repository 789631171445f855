package org.acpmerchant.pricing.catalog.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acpmerchant.pricing.catalog.application.CatalogExport;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The current catalog as ACP feed objects (digest §17): a FeedMetadata and one Product per {@code product_id} with
 * its Variants (price, availability from the ledger: available = on hand − reserved &gt; 0, {@code digital}
 * category, first media). Streamed from a server-side cursor in product order, so memory stays bounded by one
 * product whatever the catalog's size.
 */
public class CatalogExporter implements CatalogExport {

    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final ObjectMapper json;

    public CatalogExporter(DataSource dataSource, TransactionTemplate transactions, ObjectMapper json) {
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(1000);
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.json = json;
    }

    public ObjectNode metadata() {
        ObjectNode metadata = json.createObjectNode();
        cursor.query("select feed_id, target_country, coalesce(updated_at, loaded_at) from catalog_feed", rs -> {
            metadata.put("id", rs.getString(1));
            if (rs.getString(2) != null) {
                metadata.put("target_country", rs.getString(2));
            }
            metadata.put("updated_at", rs.getTimestamp(3).toInstant().toString());
        });
        return metadata;
    }

    @Override
    public void writeMetadata(OutputStream out) throws IOException {
        out.write(json.writeValueAsBytes(metadata()));
    }

    @Override
    public void writeProducts(OutputStream out) {
        forEachProduct(product -> {
            try {
                out.write(json.writeValueAsBytes(product));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Hands every Product of the catalog to {@code sink}, one at a time, in product id order. */
    public void forEachProduct(Consumer<ObjectNode> sink) {
        forEachProduct(null, sink);
    }

    /**
     * As {@link #forEachProduct(Consumer)}, for a push to the agent's feed at {@code baseUrl}: variants pushed there
     * before ({@code pushed_variant}) that left the catalog come along as {@code availability {available: false,
     * status: "discontinued"}} (ACP feeds have no delete), inside their product, so agents stop selling them; a
     * product whose variants all left comes with only those.
     */
    public void forEachProduct(String baseUrl, Consumer<ObjectNode> sink) {
        String current = "select v.product_id, v.variant_id, v.title, v.description, v.image_url, v.price_amount, "
                + "v.currency, v.digital, v.status, greatest(coalesce(s.on_hand - s.reserved, 0), 0) as available, "
                + "false as withdrawn "
                + "from catalog_variant v left join stock_level s on s.variant_id = v.variant_id";
        String withdrawn = "select p.product_id, p.variant_id, p.title, null, null, null, null, false, null, 0, true "
                + "from pushed_variant p where p.base_url = ? "
                + "and not exists (select 1 from catalog_variant c where c.variant_id = p.variant_id)";
        String sql = baseUrl == null ? current + " order by 1, 2"
                : "select * from (" + current + " union all " + withdrawn + ") x order by 1, 2";
        Object[] args = baseUrl == null ? new Object[0] : new Object[] {baseUrl};
        readOnly.executeWithoutResult(status -> {
            ObjectNode[] product = {null};
            cursor.query(sql, rs -> {
                        String productId = rs.getString(1);
                        if (product[0] == null || !product[0].get("id").asText().equals(productId)) {
                            if (product[0] != null) {
                                sink.accept(product[0]);
                            }
                            product[0] = json.createObjectNode().put("id", productId);
                            product[0].putArray("variants");
                        }
                        ObjectNode variant = ((ArrayNode) product[0].get("variants")).addObject();
                        variant.put("id", rs.getString(2)).put("title", rs.getString(3));
                        if (rs.getBoolean(11)) {
                            variant.putObject("availability").put("available", false).put("status", "discontinued");
                            return;
                        }
                        if (rs.getString(4) != null) {
                            variant.putObject("description").put("plain", rs.getString(4));
                        }
                        variant.putObject("price").put("amount", rs.getLong(6)).put("currency", rs.getString(7));
                        int available = rs.getInt(10);
                        variant.putObject("availability").put("available", available > 0)
                                .put("status", available > 0 ? "in_stock" : "out_of_stock");
                        if (rs.getBoolean(8)) {
                            variant.putArray("categories").addObject()
                                    .put("value", ProductFeedReader.DIGITAL_CATEGORY);
                        }
                        if (rs.getString(5) != null) {
                            variant.putArray("media").addObject().put("type", "image").put("url", rs.getString(5));
                        }
                    }, args);
            if (product[0] != null) {
                sink.accept(product[0]);
            }
        });
    }
}
