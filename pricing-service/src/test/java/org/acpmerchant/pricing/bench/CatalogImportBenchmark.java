package org.acpmerchant.pricing.bench;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.acpmerchant.pricing.catalog.infrastructure.FeedSources;
import org.acpmerchant.pricing.catalog.infrastructure.JdbcCatalogStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Import speed and peak heap of a generated feed (default 100 000 variants: 25 000 products × 4 variants) through the
 * real loader and {@code JdbcCatalogStore} into a fresh PostgreSQL database. Prints figures, asserts nothing. Not
 * part of the default build (the class name matches no surefire include):
 * {@code mvn -o -pl pricing-service test -Dtest=CatalogImportBenchmark [-Dbench.variants=1000000] [-Dbench.format=csv]
 * [-Dbench.rounds=2] [-Dpricing.test.heap=-Xmx96m]}. Round 1 loads into an empty catalog, later rounds replace it.
 * Besides the sum of the heap pools' peaks (garbage included) it prints the old generation's peak <em>after</em> a
 * collection (what stayed live) and the GC count and time: with {@code -Xmx} well below the feed's size the import
 * must still pass, which is the proof that memory is bounded.
 */
class CatalogImportBenchmark {

    @Test
    void importGeneratedFeed() throws Exception {
        int variants = Integer.getInteger("bench.variants", 100_000);
        boolean csv = "csv".equals(System.getProperty("bench.format"));
        Path dir = Files.createTempDirectory("feed-bench");
        generate(dir, variants, csv);

        String url = LocalInfrastructure.newDatabase("pricing_bench") + "?currentSchema=pricing";
        var dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "postgres", "");
        Flyway.configure().dataSource(dataSource).schemas("pricing").locations("classpath:db/pricing").load()
                .migrate();
        var store = new JdbcCatalogStore(
                new JdbcTemplate(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        var loader = new CatalogLoader(
                new ProductFeedReader(AxonJson.newObjectMapper()), store, Clock.systemUTC());

        for (int round = 1, rounds = Integer.getInteger("bench.rounds", 2); round <= rounds; round++) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long baseline = heapUsed();
            long gcCountBefore = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(g -> Math.max(0, g.getCollectionCount())).sum();
            long gcMillisBefore = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
            long started = System.nanoTime();
            var result = loader.load(FeedSources.directory(dir));
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long liveAfterGc = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                    .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                    .mapToLong(p -> p.getCollectionUsage().getUsed()).max().orElse(-1);
            long gcCount = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(g -> Math.max(0, g.getCollectionCount())).sum() - gcCountBefore;
            long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(g -> Math.max(0, g.getCollectionTime())).sum() - gcMillisBefore;
            System.out.printf("[bench] import %s round %d: %d variants (%s) in %.2f s = %.0f variants/s; "
                            + "heap before %d MiB, peak %d MiB (sum of pool peaks), old gen after last GC %d MiB, "
                            + "%d GCs %d ms, max heap %d MiB%n",
                    csv ? "csv" : "jsonl", round, result.variants(), result.loaded() ? "loaded" : result.problems(),
                    seconds, result.variants() / seconds, baseline >> 20, peak >> 20, liveAfterGc >> 20, gcCount,
                    gcMillis, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void generate(Path dir, int variants, boolean csv) throws Exception {
        Files.writeString(dir.resolve("metadata.json"),
                "{\"id\":\"feed_bench\",\"target_country\":\"US\",\"updated_at\":\"2026-11-01T00:00:00Z\"}");
        try (BufferedWriter products = Files.newBufferedWriter(
                        dir.resolve(csv ? "products.csv" : "products.jsonl"), StandardCharsets.UTF_8);
                BufferedWriter inventory = Files.newBufferedWriter(dir.resolve("inventory.json"))) {
            inventory.write("{");
            if (csv) {
                products.write("product_id,variant_id,title,description,price_amount,currency,categories,"
                        + "availability_status,available,image_url,weight_grams\n");
            }
            for (int p = 0; p * 4 < variants; p++) {
                StringBuilder line = new StringBuilder();
                if (!csv) {
                    line.append("{\"id\":\"prod_").append(p).append("\",\"title\":\"Product ").append(p)
                            .append("\",\"description\":{\"plain\":\"A generated product for the import benchmark.\"}")
                            .append(",\"variants\":[");
                }
                for (int v = 0; v < 4 && p * 4 + v < variants; v++) {
                    String id = "var_" + p + "_" + v;
                    long price = 100 + (p * 37L + v * 11L) % 100_000;
                    if (csv) {
                        line.append("prod_").append(p).append(',').append(id).append(",\"Product ").append(p)
                                .append(", size ").append(v).append("\",A generated variant,").append(price)
                                .append(",USD,apparel,in_stock,true,https://cdn.example/").append(id).append(".jpg,")
                                .append(100 + v * 50).append('\n');
                    } else {
                        line.append(v == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"title\":\"Product ")
                                .append(p).append(" - size ").append(v).append("\",\"price\":{\"amount\":")
                                .append(price).append(",\"currency\":\"USD\"},\"weight_grams\":").append(100 + v * 50)
                                .append(",\"availability\":{\"available\":true,")
                                .append("\"status\":\"in_stock\"},\"categories\":[{\"value\":\"apparel\"}],")
                                .append("\"media\":[{\"type\":\"image\",\"url\":\"https://cdn.example/").append(id)
                                .append(".jpg\"}]}");
                    }
                    inventory.write((p == 0 && v == 0 ? "" : ",") + "\"" + id + "\":" + (p % 50));
                }
                if (!csv) {
                    line.append("]}\n");
                }
                products.write(line.toString());
            }
            inventory.write("}");
        }
    }
}
