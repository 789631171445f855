package org.acpmerchant.pricing.catalog.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.junit.jupiter.api.Test;

class CsvProductFeedReaderTest {

    static final String HEADER = "product_id,variant_id,title,description,price_amount,currency,categories,"
            + "availability_status,available,image_url\r\n";

    final CsvProductFeedReader reader = new CsvProductFeedReader();

    List<CatalogVariant> read(String csv, List<FeedProblem> problems) {
        List<CatalogVariant> variants = new ArrayList<>();
        problems.addAll(reader.readProducts(new StringReader(csv), variants::add));
        return variants;
    }

    @Test
    void readsVariants_withQuotedFields_anyColumnOrder_andDigitalCategory() {
        List<FeedProblem> problems = new ArrayList<>();
        List<CatalogVariant> variants = read(HEADER
                + "p1,tee-red,\"Tee, red\",\"Soft \"\"classic\"\" tee\nsecond line\",1999,USD,apparel,in_stock,,\r\n"
                + "p2,ebook,Trail guide,,999,USD,books; Digital,,true,https://img/e\n"
                + "\n"
                + "p2,ebook-old,Old guide,,0,USD,digital,discontinued,,\n", problems);

        assertThat(problems).isEmpty();
        assertThat(variants).containsExactly(
                new CatalogVariant("tee-red", "p1", "Tee, red", "Soft \"classic\" tee\nsecond line", null, 1999,
                        "USD", false, "in_stock", true),
                new CatalogVariant("ebook", "p2", "Trail guide", null, "https://img/e", 999, "USD", true, null, true),
                new CatalogVariant("ebook-old", "p2", "Old guide", null, null, 0, "USD", true, "discontinued",
                        false));
        List<CatalogVariant> reordered = read("currency,title,price_amount,variant_id,product_id\nEUR,Mug,5,m,p\n",
                problems);
        assertThat(reordered).extracting(CatalogVariant::id, CatalogVariant::currency).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m", "EUR"));
    }

    @Test
    void reportsEveryProblem_withLineAndColumn_andPassesNothingOnAfterTheFirst() {
        List<FeedProblem> problems = new ArrayList<>();
        List<CatalogVariant> variants = read(HEADER
                + "p1,a,A,,100,USD,,,,\n"
                + "p1,b,\"B\nwrapped\",,-1,usd,,,maybe,\n"
                + "p1,a,,,100,USD,,,,\n"
                + "p1,c,C,,100,USD,,,,\n", problems);

        assertThat(variants).extracting(CatalogVariant::id).containsExactly("a");
        assertThat(problems).extracting(FeedProblem::toString).containsExactly(
                "products.csv:3 price_amount: must be a non-negative integer (minor units)",
                "products.csv:3 currency: must be an uppercase ISO 4217 code",
                "products.csv:3 available: must be true or false",
                "products.csv:5 variant_id: duplicate variant id 'a'",
                "products.csv:5 title: is required");
    }

    @Test
    void missingColumnsOrNoRows_areProblems() {
        List<FeedProblem> problems = new ArrayList<>();
        read("variant_id,title\n", problems);
        assertThat(problems).extracting(FeedProblem::field)
                .containsExactly("product_id", "price_amount", "currency");
        problems.clear();
        read(HEADER, problems);
        assertThat(problems).extracting(FeedProblem::message).containsExactly("the feed has no products");
    }

    @Test
    void catalogLoader_loadsACsvFeed_withTheInventorySidecar_andRejectsAFeedWithBothFormats() {
        var store = new CatalogLoaderTest.InMemoryCatalogStore();
        var loader = new CatalogLoader(new ProductFeedReader(AxonJson.newObjectMapper()), store,
                Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC));
        Map<String, String> files = new HashMap<>();
        files.put("metadata.json", "{\"id\":\"feed_csv\"}");
        files.put("products.csv", HEADER + "p1,tee,Tee,,1999,USD,,,,\np1,cap,Cap,,500,USD,,,false,\n");
        files.put("inventory.json", "{\"tee\": 4, \"cap\": 9}");

        var result = loader.load(CatalogLoaderTest.source(files));

        assertThat(result.loaded()).isTrue();
        assertThat(store.onHand).containsExactly(Map.entry("tee", 4), Map.entry("cap", 0));
        files.put("products.jsonl", "{}");
        assertThat(loader.load(CatalogLoaderTest.source(files)).problems()).singleElement()
                .extracting(FeedProblem::message).asString().contains("not both");
        assertThat(store.onHand).containsKeys("tee", "cap");
    }
}
