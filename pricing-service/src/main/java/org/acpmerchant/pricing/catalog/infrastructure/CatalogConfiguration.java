package org.acpmerchant.pricing.catalog.infrastructure;

import java.nio.file.Path;
import java.time.Clock;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.FeedSource;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The catalog store and loader; the configured feed (or the demo catalog) is loaded before listeners start. */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    @Bean
    JdbcCatalogStore catalogStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new JdbcCatalogStore(jdbc, transactions);
    }

    @Bean
    CatalogLoader catalogLoader(JdbcCatalogStore store, Clock clock) {
        return new CatalogLoader(new ProductFeedReader(AxonJson.newObjectMapper()), store, clock);
    }

    @Bean
    InitializingBean catalogAtStartup(CatalogLoader loader, PricingProperties properties) {
        return () -> loader.load(configuredFeed(properties));
    }

    /** Picks up a new feed in the configured directory without a restart; idle for the demo catalog. */
    @Bean
    FeedDirectoryWatcher feedDirectoryWatcher(CatalogLoader loader, PricingProperties properties) {
        String dir = properties.catalog().feedDir();
        return new FeedDirectoryWatcher(dir == null || dir.isBlank() ? null : Path.of(dir), loader);
    }

    public static FeedSource configuredFeed(PricingProperties properties) {
        String dir = properties.catalog().feedDir();
        return dir == null || dir.isBlank()
                ? FeedSources.classpath(FeedSources.DEMO_CATALOG)
                : FeedSources.directory(Path.of(dir));
    }
}
