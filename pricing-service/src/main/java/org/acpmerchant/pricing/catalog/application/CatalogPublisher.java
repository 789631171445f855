package org.acpmerchant.pricing.catalog.application;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the catalog to the agent's Feed API when it changed: {@code POST /feeds} once (the id is kept), then every
 * Product in {@code PATCH /feeds/{id}/products} batches of {@code batchSize}, variants removed from the catalog since
 * they were pushed included as discontinued (PATCH cannot delete). Each push is recorded, succeeded or
 * failed; a failed push is tried again at the next check (a later revision supersedes it).
 */
public class CatalogPublisher {

    private static final Logger log = LoggerFactory.getLogger(CatalogPublisher.class);

    private final AgentFeedApi api;
    private final FeedPushLog pushLog;
    private final BiConsumer<String, Consumer<ObjectNode>> products;
    private final int batchSize;
    private final Clock clock;

    /** @param products streams every Product of the current catalog to its argument */
    public CatalogPublisher(AgentFeedApi api, FeedPushLog pushLog, Consumer<Consumer<ObjectNode>> products,
            int batchSize, Clock clock) {
        this(api, pushLog, (baseUrl, sink) -> products.accept(sink), batchSize, clock);
    }

    /**
     * @param products streams every Product to push to the feed at the given base URL: the current catalog plus the
     *     variants that left it since they were pushed there, as discontinued
     */
    public CatalogPublisher(AgentFeedApi api, FeedPushLog pushLog, BiConsumer<String, Consumer<ObjectNode>> products,
            int batchSize, Clock clock) {
        this.api = api;
        this.pushLog = pushLog;
        this.products = products;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    private void upsert(String feedId, List<ObjectNode> batch) {
        api.upsertProducts(feedId, batch);
        pushLog.recordPushed(api.baseUrl(), batch);
    }

    /** Pushes when the catalog's revision is newer than the last successful push; returns whether it pushed. */
    public synchronized boolean pushIfChanged() {
        long revision = pushLog.catalogRevision();
        if (revision == 0 || revision <= pushLog.pushedRevision(api.baseUrl())) {
            return false;
        }
        Instant started = clock.instant();
        int attemptsBefore = api.attempts();
        int[] counts = {0, 0};
        String feedId = null;
        try {
            feedId = pushLog.feedId(api.baseUrl()).orElse(null);
            if (feedId == null) {
                feedId = api.createFeed(pushLog.targetCountry());
                pushLog.saveFeedId(api.baseUrl(), feedId, clock.instant());
            }
            String id = feedId;
            List<ObjectNode> batch = new ArrayList<>(batchSize);
            products.accept(api.baseUrl(), product -> {
                batch.add(product);
                counts[0]++;
                if (batch.size() == batchSize) {
                    upsert(id, batch);
                    counts[1]++;
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                upsert(id, batch);
                counts[1]++;
            }
            pushLog.record(new FeedPushLog.Push(api.baseUrl(), feedId, revision, started, clock.instant(), counts[0],
                    counts[1], api.attempts() - attemptsBefore, "succeeded", null));
            log.info("Pushed catalog revision {} to feed {}: {} products in {} batches", revision, feedId,
                    counts[0], counts[1]);
            return true;
        } catch (RuntimeException e) {
            pushLog.record(new FeedPushLog.Push(api.baseUrl(), feedId, revision, started, clock.instant(), counts[0],
                    counts[1], api.attempts() - attemptsBefore, "failed", String.valueOf(e.getMessage())));
            log.warn("Catalog push of revision {} failed: {}", revision, e.getMessage());
            return false;
        }
    }
}
