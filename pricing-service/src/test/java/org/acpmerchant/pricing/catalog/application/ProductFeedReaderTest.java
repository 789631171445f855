package org.acpmerchant.pricing.catalog.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.catalog.domain.CatalogVariant;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.acpmerchant.pricing.catalog.domain.InvalidFeedException;
import org.junit.jupiter.api.Test;

class ProductFeedReaderTest {

    final ProductFeedReader reader = new ProductFeedReader(AxonJson.newObjectMapper());

    static final String TEE = """
            {"id":"prod_tee","title":"Tee","description":{"plain":"A tee."},\
            "media":[{"type":"image","url":"https://img/tee.jpg"}],"variants":[\
            {"id":"tee-red","title":"Tee Red","price":{"amount":1999,"currency":"USD"},\
            "availability":{"available":true,"status":"in_stock"}},\
            {"id":"tee-blue","title":"Tee Blue","description":{"plain":"Blue tee."},\
            "media":[{"type":"image","url":"https://img/blue.jpg"}],"price":{"amount":2099,"currency":"USD"},\
            "availability":{"available":false,"status":"out_of_stock"}}]}""";
    static final String EBOOK = """
            {"id":"prod_ebook","variants":[{"id":"ebook","title":"E-book","price":{"amount":999,"currency":"USD"},\
            "categories":[{"value":"books"},{"value":"Digital"}]}]}""";

    List<CatalogVariant> variants = new ArrayList<>();

    List<FeedProblem> read(String jsonl) {
        return reader.readProducts(new StringReader(jsonl), variants::add);
    }

    @Test
    void readProducts_yieldsVariants_withProductFallbacks() {
        List<FeedProblem> problems = read(TEE + "\n\n" + EBOOK + "\n");

        assertThat(problems).isEmpty();
        assertThat(variants).containsExactly(
                new CatalogVariant("tee-red", "prod_tee", "Tee Red", "A tee.", "https://img/tee.jpg", 1999, "USD",
                        false, "in_stock", true),
                new CatalogVariant("tee-blue", "prod_tee", "Tee Blue", "Blue tee.", "https://img/blue.jpg", 2099,
                        "USD", false, "out_of_stock", false),
                new CatalogVariant("ebook", "prod_ebook", "E-book", null, null, 999, "USD", true, null, true));
    }

    @Test
    void readProducts_reportsEveryBadRecord_withLineAndField() {
        String feed = String.join("\n",
                TEE,
                "{not json",
                "{\"id\":\"prod_x\",\"variants\":[]}",
                "{\"id\":\"prod_y\",\"variants\":[{\"id\":\"y1\",\"title\":\"Y\",\"price\":{\"amount\":-1,\"currency\":\"usd\"}}]}",
                "{\"variants\":[{\"id\":\"tee-red\",\"price\":{\"amount\":5,\"currency\":\"USD\"}}]}",
                EBOOK);

        List<FeedProblem> problems = read(feed);

        assertThat(problems).extracting(FeedProblem::line, FeedProblem::field).containsExactly(
                tuple(2, "$"),
                tuple(3, "variants"),
                tuple(4, "variants[0].price.amount"),
                tuple(4, "variants[0].price.currency"),
                tuple(5, "id"),
                tuple(5, "variants[0].id"),
                tuple(5, "variants[0].title"));
        assertThat(problems.get(5).message()).contains("duplicate variant id 'tee-red'");
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("products.jsonl"));
        assertThat(variants).extracting(CatalogVariant::id).containsExactly("tee-red", "tee-blue");
    }

    @Test
    void readProducts_rejectsAnEmptyFeed() {
        assertThat(read("\n")).extracting(FeedProblem::message).containsExactly("the feed has no products");
    }

    @Test
    void readMetadata_parsesFeedMetadata() {
        FeedMetadata metadata = reader.readMetadata(stream(
                "{\"id\":\"feed_1\",\"target_country\":\"US\",\"updated_at\":\"2026-03-01T00:00:00Z\"}"));

        assertThat(metadata).isEqualTo(new FeedMetadata("feed_1", "US", Instant.parse("2026-03-01T00:00:00Z")));
    }

    @Test
    void readMetadata_fails_withoutId() {
        assertThatThrownBy(() -> reader.readMetadata(stream("{\"updated_at\":\"yesterday\"}")))
                .isInstanceOfSatisfying(InvalidFeedException.class, e -> assertThat(e.problems())
                        .extracting(FeedProblem::field).containsExactly("id", "updated_at"));
    }

    @Test
    void readInventory_acceptsNonNegativeIntegers_only() {
        assertThat(reader.readInventory(stream("{\"a\": 3, \"b\": 0}"))).containsEntry("a", 3).containsEntry("b", 0);
        assertThatThrownBy(() -> reader.readInventory(stream("{\"a\": -1, \"b\": 1.5, \"c\": \"2\"}")))
                .isInstanceOfSatisfying(InvalidFeedException.class, e -> assertThat(e.problems())
                        .extracting(FeedProblem::field).containsExactly("a", "b", "c"));
    }

    static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
