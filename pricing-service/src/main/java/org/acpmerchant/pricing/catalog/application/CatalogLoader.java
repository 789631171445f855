package org.acpmerchant.pricing.catalog.application;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.acpmerchant.pricing.catalog.domain.FeedMetadata;
import org.acpmerchant.pricing.catalog.domain.FeedProblem;
import org.acpmerchant.pricing.catalog.domain.InvalidFeedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a product feed ({@code products.jsonl} or {@code products.csv}) into the {@link CatalogStore}: all or
 * nothing. A feed with a bad record leaves the catalog that was there; the problems are logged (file, line, field)
 * and returned.
 */
public class CatalogLoader {

    private static final Logger log = LoggerFactory.getLogger(CatalogLoader.class);

    private final ProductFeedReader reader;
    private final CsvProductFeedReader csvReader = new CsvProductFeedReader();
    private final CatalogStore store;
    private final Clock clock;

    public CatalogLoader(ProductFeedReader reader, CatalogStore store, Clock clock) {
        this.reader = reader;
        this.store = store;
        this.clock = clock;
    }

    /** The outcome of one load: the variants written, or the problems that kept the feed out. */
    public record LoadResult(int variants, List<FeedProblem> problems) {
        public boolean loaded() {
            return problems.isEmpty();
        }
    }

    /**
     * Streams {@code inventory.json} and then the products into the store inside its transaction; memory stays
     * bounded whatever the feed's size (no map of the inventory, no set of variant ids: the store finds duplicates).
     */
    public LoadResult load(FeedSource source) {
        try {
            FeedMetadata metadata = reader.readMetadata(source.open(ProductFeedReader.METADATA));
            boolean csv = source.exists(CsvProductFeedReader.PRODUCTS_CSV);
            if (csv && source.exists(ProductFeedReader.PRODUCTS)) {
                throw new InvalidFeedException(List.of(new FeedProblem(CsvProductFeedReader.PRODUCTS_CSV, 0, "$",
                        "a feed has either products.jsonl or products.csv, not both")));
            }
            int[] count = {0};
            store.replace(metadata, clock.instant(), writer -> {
                try {
                    if (source.exists(ProductFeedReader.INVENTORY)) {
                        reader.streamInventory(source.open(ProductFeedReader.INVENTORY), writer::inventory);
                    }
                    String productsFile = csv ? CsvProductFeedReader.PRODUCTS_CSV : ProductFeedReader.PRODUCTS;
                    try (Reader products = new InputStreamReader(source.open(productsFile), StandardCharsets.UTF_8)) {
                        VariantSink sink = (variant, file, line, field) -> {
                            writer.add(variant, file, line, field);
                            count[0]++;
                        };
                        List<FeedProblem> problems = new ArrayList<>(csv
                                ? csvReader.readProducts(products, sink, id -> true)
                                : reader.readProducts(products, sink, id -> true));
                        List<FeedProblem> duplicates = writer.finish();
                        if (!duplicates.isEmpty()) {
                            problems.addAll(duplicates);
                            problems.removeIf(p -> p.line() == 0 && p.message().equals("the feed has no products"));
                            problems.sort(Comparator.comparingInt(FeedProblem::line));
                        }
                        if (!problems.isEmpty()) {
                            throw new InvalidFeedException(problems);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            log.info("Loaded catalog feed {} from {}: {} variants", metadata.id(), source.describe(), count[0]);
            return new LoadResult(count[0], List.of());
        } catch (InvalidFeedException e) {
            log.error("Product feed {} rejected, the current catalog stays: {} problem(s)",
                    source.describe(), e.problems().size());
            e.problems().forEach(problem -> log.error("  {}", problem));
            return new LoadResult(0, e.problems());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read product feed " + source.describe(), e);
        }
    }
}
