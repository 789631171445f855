package org.acpmerchant.pricing.it;

import org.acpmerchant.pricing.quote.infrastructure.JdbcPriceCatalog;
import org.springframework.transaction.support.TransactionTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.infrastructure.FeedSources;
import org.acpmerchant.pricing.quote.application.PriceCatalog;
import org.acpmerchant.pricing.stock.domain.StockLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class CatalogFeedIT extends PricingIntegrationTest {

    @Autowired CatalogLoader loader;
    @Autowired StockLedger ledger;
    @TempDir Path dir;

    @AfterEach
    void restoreDemoCatalog() {
        jdbc.update("delete from stock_hold where reservation_id like 'res_feed_%'");
        jdbc.update("update stock_level set reserved = 0 where variant_id like 'feed-%'");
        assertThat(loader.load(FeedSources.classpath(FeedSources.DEMO_CATALOG)).loaded()).isTrue();
    }

    @Test
    void demoCatalog_isLoadedAtStartUp() {
        assertThat(jdbc.queryForObject("select count(*) from catalog_variant", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForMap("select digital from catalog_variant where variant_id = 'ebook-trail-guide'"))
                .containsEntry("digital", true);
        assertThat(level("mug-white")[0]).isZero();
        assertThat(level("tee-blue-m")[0]).isEqualTo(2);
        assertThat(jdbc.queryForObject("select feed_id from catalog_feed", String.class))
                .isEqualTo("feed_demo_acp_merchant");
    }

    @Test
    void goodFeed_replacesTheCatalog_keepingHeldUnits() throws Exception {
        writeFeed(Map.of("feed-a", 1000L, "feed-b", 250L), "{\"feed-a\": 5, \"feed-b\": 1}");
        assertThat(loader.load(FeedSources.directory(dir)).loaded()).isTrue();
        transactions(() -> ledger.hold("res_feed_1", List.of(new StockLine("feed-a", 3)), Instant.now().plusSeconds(60)));

        writeFeed(Map.of("feed-a", 1100L), "{\"feed-a\": 8}");
        var result = loader.load(FeedSources.directory(dir));

        assertThat(result.variants()).isEqualTo(1);
        assertThat(jdbc.queryForList("select variant_id from catalog_variant", String.class))
                .containsExactly("feed-a");
        assertThat(level("feed-a")).containsExactly(8, 3);
        assertThat(level("feed-b")[0]).isZero();
        assertThat(level("tee-red-m")[0]).isZero();
        PriceCatalog catalog = new JdbcPriceCatalog(jdbc);
        assertThat(catalog.findItems(List.of("feed-a", "tee-red-m")))
                .containsOnlyKeys("feed-a")
                .hasEntrySatisfying("feed-a", item -> {
                    assertThat(item.unitAmount()).isEqualTo(1100);
                    assertThat(item.availableQuantity()).isEqualTo(5);
                });
    }

    @Test
    void badFeed_leavesTheCatalogInPlace() throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"id\":\"feed_bad\"}");
        Files.writeString(dir.resolve("products.jsonl"), variantLine("feed-ok", 100) + "\n"
                + "{\"id\":\"p\",\"variants\":[{\"id\":\"feed-bad\",\"title\":\"Bad\",\"price\":{\"amount\":1.5,\"currency\":\"USD\"}}]}\n");
        Files.writeString(dir.resolve("inventory.json"), "{\"feed-ok\": 9}");

        var result = loader.load(FeedSources.directory(dir));

        assertThat(result.loaded()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.field()).isEqualTo("variants[0].price.amount");
        });
        assertThat(jdbc.queryForObject("select count(*) from catalog_variant", Integer.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from catalog_variant where variant_id = 'feed-ok'",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select feed_id from catalog_feed", String.class))
                .isEqualTo("feed_demo_acp_merchant");
    }

    @Test
    void weights_areLoadedFromJsonlAndCsv_andDuplicatesAcrossProducts_areFoundByTheStore() throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"id\":\"feed_weights\"}");
        Files.writeString(dir.resolve("products.jsonl"), "{\"id\":\"p1\",\"variants\":[{\"id\":\"feed-w1\","
                + "\"title\":\"W1\",\"weight_grams\":250,\"price\":{\"amount\":100,\"currency\":\"USD\"}},"
                + "{\"id\":\"feed-w2\",\"title\":\"W2\",\"price\":{\"amount\":100,\"currency\":\"USD\"}}]}\n");
        Files.writeString(dir.resolve("inventory.json"), "{\"feed-w1\": 3, \"feed-w1\": 4, \"feed-w2\": 1}");
        assertThat(loader.load(FeedSources.directory(dir)).loaded()).isTrue();
        assertThat(jdbc.queryForList("select weight_grams from catalog_variant order by variant_id", Long.class))
                .containsExactly(250L, null);
        assertThat(level("feed-w1")[0]).isEqualTo(4); // the later inventory entry wins
        assertThat(new JdbcPriceCatalog(jdbc).findItems(List.of("feed-w1", "feed-w2")))
                .hasEntrySatisfying("feed-w1", item -> assertThat(item.weightGrams()).isEqualTo(250))
                .hasEntrySatisfying("feed-w2", item -> assertThat(item.weightGrams()).isZero());

        Files.delete(dir.resolve("products.jsonl"));
        Files.writeString(dir.resolve("products.csv"), "product_id,variant_id,title,price_amount,currency,weight_grams\n"
                + "p1,feed-w1,W1,100,USD,1200\n"
                + "p2,feed-w3,W3,100,USD,\n"
                + "p3,feed-w1,Again,100,USD,5\n");
        var result = loader.load(FeedSources.directory(dir));
        assertThat(result.loaded()).isFalse();
        assertThat(result.problems()).singleElement().hasToString(
                "products.csv:4 variant_id: duplicate variant id 'feed-w1'");
        assertThat(jdbc.queryForObject("select weight_grams from catalog_variant where variant_id = 'feed-w1'",
                Long.class)).isEqualTo(250L); // the rejected feed changed nothing

        Files.writeString(dir.resolve("products.csv"), "product_id,variant_id,title,price_amount,currency,weight_grams\n"
                + "p1,feed-w1,W1,100,USD,1200\n");
        assertThat(loader.load(FeedSources.directory(dir)).loaded()).isTrue();
        assertThat(jdbc.queryForObject("select weight_grams from catalog_variant where variant_id = 'feed-w1'",
                Long.class)).isEqualTo(1200L);
    }

    private void writeFeed(Map<String, Long> prices, String inventory) throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"id\":\"feed_it\",\"target_country\":\"US\"}");
        StringBuilder lines = new StringBuilder();
        prices.forEach((id, price) -> lines.append(variantLine(id, price)).append('\n'));
        Files.writeString(dir.resolve("products.jsonl"), lines);
        Files.writeString(dir.resolve("inventory.json"), inventory);
    }

    private static String variantLine(String id, long price) {
        return "{\"id\":\"prod_" + id + "\",\"variants\":[{\"id\":\"" + id + "\",\"title\":\"" + id
                + "\",\"price\":{\"amount\":" + price + ",\"currency\":\"USD\"}}]}";
    }

    @Autowired TransactionTemplate transactionTemplate;

    private void transactions(Runnable work) {
        transactionTemplate.executeWithoutResult(status -> work.run());
    }
}
