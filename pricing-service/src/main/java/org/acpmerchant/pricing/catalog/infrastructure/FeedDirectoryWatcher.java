package org.acpmerchant.pricing.catalog.infrastructure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.acpmerchant.platform.cluster.ClusterLock;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.CsvProductFeedReader;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reloads the feed directory when one of its files changed since the last attempt (a rejected feed is not retried
 * until it changes again). Publish a new feed by writing the files and touching them last. Idle when no directory is
 * configured (the demo catalog).
 */
public class FeedDirectoryWatcher {

    /** The advisory lock under which one replica at a time loads the catalog. */
    public static final String LOCK = "pricing.catalog-load";

    private final Path dir;
    private final CatalogLoader loader;
    private final ClusterLock lock;
    private List<FileTime> seen;

    /** {@code dir} may be null: then nothing is watched. */
    public FeedDirectoryWatcher(Path dir, CatalogLoader loader) {
        this(dir, loader, null);
    }

    /** With a {@code lock}, a replica that finds another loading skips this poll and looks again at the next. */
    public FeedDirectoryWatcher(Path dir, CatalogLoader loader, ClusterLock lock) {
        this.dir = dir;
        this.loader = loader;
        this.lock = lock;
        this.seen = dir == null ? List.of() : stamps();
    }

    @Scheduled(
            initialDelayString = "${acp.pricing.catalog.reload-interval:PT1M}",
            fixedDelayString = "${acp.pricing.catalog.reload-interval:PT1M}")
    public void poll() {
        reloadIfChanged();
    }

    /** True when the feed changed and a load was attempted. */
    public synchronized boolean reloadIfChanged() {
        if (dir == null) {
            return false;
        }
        List<FileTime> now = stamps();
        if (Objects.equals(now, seen)) {
            return false;
        }
        return lock == null ? load(now) : lock.runIfFree(LOCK, () -> load(now));
    }

    private boolean load(List<FileTime> stamps) {
        seen = stamps;
        loader.load(FeedSources.directory(dir));
        return true;
    }

    private List<FileTime> stamps() {
        List<FileTime> times = new ArrayList<>();
        for (String name : List.of(ProductFeedReader.METADATA, ProductFeedReader.PRODUCTS,
                CsvProductFeedReader.PRODUCTS_CSV, ProductFeedReader.INVENTORY)) {
            try {
                times.add(Files.getLastModifiedTime(dir.resolve(name)));
            } catch (IOException e) {
                times.add(null);
            }
        }
        return times;
    }
}
