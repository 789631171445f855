package org.acpmerchant.pricing.catalog.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.InMemoryCatalogWriter;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedDirectoryWatcherTest {

    @TempDir Path dir;
    final List<String> loaded = new ArrayList<>();

    @Test
    void reload_happensOnlyWhenAFileChanged() throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"id\":\"feed_1\"}");
        Files.writeString(dir.resolve("products.jsonl"),
                "{\"id\":\"p\",\"variants\":[{\"id\":\"v\",\"title\":\"V\",\"price\":{\"amount\":1,\"currency\":\"USD\"}}]}");
        Files.writeString(dir.resolve("inventory.json"), "{\"v\": 1}");
        CatalogLoader loader = new CatalogLoader(
                new ProductFeedReader(AxonJson.newObjectMapper()),
                (metadata, at, write) -> {
                    var writer = new InMemoryCatalogWriter();
                    write.accept(writer);
                    writer.onHand.forEach((id, onHand) -> loaded.add(id + "=" + onHand));
                },
                Clock.systemUTC());
        var watcher = new FeedDirectoryWatcher(dir, loader);

        assertThat(watcher.reloadIfChanged()).isFalse();

        Files.writeString(dir.resolve("inventory.json"), "{\"v\": 7}");
        Files.setLastModifiedTime(dir.resolve("inventory.json"), FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(watcher.reloadIfChanged()).isTrue();
        assertThat(watcher.reloadIfChanged()).isFalse();
        assertThat(loaded).containsExactly("v=7");
    }

    @Test
    void reload_isIdle_withoutADirectory() {
        assertThat(new FeedDirectoryWatcher(null, null).reloadIfChanged()).isFalse();
    }
}
