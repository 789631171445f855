package org.acpmerchant.pricing.catalog.infrastructure;

import org.acpmerchant.pricing.catalog.application.CatalogPublisher;
import org.springframework.scheduling.annotation.Scheduled;

/** Checks for a catalog change to push every {@code acp.pricing.feed-push.check-interval}; idle when push is off. */
public class FeedPushScheduler {

    private final CatalogPublisher publisher;

    public FeedPushScheduler(CatalogPublisher publisher) {
        this.publisher = publisher;
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${acp.pricing.feed-push.check-interval:PT30S}")
    public void check() {
        if (publisher != null) {
            publisher.pushIfChanged();
        }
    }
}
