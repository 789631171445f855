package org.acpmerchant.pricing.catalog.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    /** Keeps the last committed catalog; a replace that throws commits nothing. */
    static class InMemoryCatalogStore implements CatalogStore {
        Map<String, Integer> onHand = new LinkedHashMap<>();

        @Override
        public void replace(FeedMetadata metadata, Instant loadedAt, Consumer<CatalogWriter> writeVariants) {
            InMemoryCatalogWriter writer = new InMemoryCatalogWriter();
            writeVariants.accept(writer);
            onHand = writer.onHand;
        }
    }

    static FeedSource source(Map<String, String> files) {
        return new FeedSource() {
            @Override
            public InputStream open(String name) throws FileNotFoundException {
                if (!files.containsKey(name)) {
                    throw new FileNotFoundException(name);
                }
                return new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public boolean exists(String name) {
                return files.containsKey(name);
            }

            @Override
            public String describe() {
                return "test";
            }
        };
    }

    final InMemoryCatalogStore store = new InMemoryCatalogStore();
    final CatalogLoader loader = new CatalogLoader(
            new ProductFeedReader(AxonJson.newObjectMapper()), store,
            Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC));

    static Map<String, String> feed(String products, String inventory) {
        Map<String, String> files = new HashMap<>();
        files.put("metadata.json", "{\"id\":\"feed_1\"}");
        files.put("products.jsonl", products);
        if (inventory != null) {
            files.put("inventory.json", inventory);
        }
        return files;
    }

    @Test
    void load_setsOnHandFromInventory_zeroWhenMissingOrUnavailable() {
        var result = loader.load(source(feed(ProductFeedReaderTest.TEE + "\n" + ProductFeedReaderTest.EBOOK,
                "{\"tee-blue\": 7, \"ebook\": 100}")));

        assertThat(result.loaded()).isTrue();
        assertThat(result.variants()).isEqualTo(3);
        assertThat(store.onHand).containsExactly(Map.entry("tee-red", 0), Map.entry("tee-blue", 0),
                Map.entry("ebook", 100));
    }

    @Test
    void load_keepsTheCurrentCatalog_whenARecordIsBad() {
        loader.load(source(feed(ProductFeedReaderTest.EBOOK, "{\"ebook\": 5}")));

        var result = loader.load(source(feed(ProductFeedReaderTest.TEE + "\n{\"id\":\"broken\"}", "{}")));

        assertThat(result.loaded()).isFalse();
        assertThat(result.problems()).containsExactly(
                new FeedProblem("products.jsonl", 2, "variants", "must be a non-empty array"));
        assertThat(store.onHand).containsExactly(Map.entry("ebook", 5));
    }

    @Test
    void load_reportsDuplicateIdsAcrossProducts_foundByTheStore_withLineAndField() {
        loader.load(source(feed(ProductFeedReaderTest.EBOOK, "{\"ebook\": 5}")));

        var result = loader.load(source(feed(ProductFeedReaderTest.EBOOK + "\n" + ProductFeedReaderTest.TEE + "\n"
                + ProductFeedReaderTest.EBOOK, "{}")));

        assertThat(result.problems()).containsExactly(
                new FeedProblem("products.jsonl", 3, "variants[0].id", "duplicate variant id 'ebook'"));
        assertThat(store.onHand).containsExactly(Map.entry("ebook", 5));
    }

    @Test
    void load_reportsBadInventory_andKeepsTheCatalog() {
        loader.load(source(feed(ProductFeedReaderTest.EBOOK, "{\"ebook\": 5}")));

        var result = loader.load(source(feed(ProductFeedReaderTest.EBOOK, "{\"ebook\": -5}")));

        assertThat(result.problems()).extracting(FeedProblem::file).containsExactly("inventory.json");
        assertThat(store.onHand).containsExactly(Map.entry("ebook", 5));
    }
}
