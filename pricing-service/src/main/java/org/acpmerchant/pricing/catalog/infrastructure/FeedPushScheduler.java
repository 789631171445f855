package org.acpmerchant.pricing.catalog.infrastructure;

import org.acpmerchant.platform.cluster.ClusterLock;
import org.acpmerchant.pricing.catalog.application.CatalogPublisher;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Checks for a catalog change to push every {@code acp.pricing.feed-push.check-interval}; idle when push is off. One
 * replica pushes at a time (an advisory lock): the others skip the check.
 */
public class FeedPushScheduler {

    public static final String LOCK = "pricing.feed-push";

    private final CatalogPublisher publisher;
    private final ClusterLock lock;

    public FeedPushScheduler(CatalogPublisher publisher, ClusterLock lock) {
        this.publisher = publisher;
        this.lock = lock;
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${acp.pricing.feed-push.check-interval:PT30S}")
    public void check() {
        if (publisher != null) {
            lock.runIfFree(LOCK, publisher::pushIfChanged);
        }
    }
}
