package org.acpmerchant.pricing.catalog.infrastructure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.cluster.ClusterLock;
import org.acpmerchant.platform.web.MerchantApiTokenFilter;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.CatalogPublisher;
import org.acpmerchant.pricing.catalog.application.FeedSource;
import org.acpmerchant.pricing.catalog.application.ProductFeedReader;
import org.acpmerchant.pricing.catalog.web.MerchantCatalogController;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalog store and loader (the configured feed, or the demo catalog, is loaded before listeners start), the
 * merchant catalog API behind its own bearer tokens, and the exporter.
 */
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
    ClusterLock clusterLock(DataSource dataSource) {
        return new ClusterLock(dataSource);
    }

    /** Loads the feed at start; a replica starting while another loads it leaves it to that one. */
    @Bean
    InitializingBean catalogAtStartup(CatalogLoader loader, PricingProperties properties, ClusterLock lock) {
        return () -> lock.runIfFree(FeedDirectoryWatcher.LOCK, () -> {
            loader.load(configuredFeed(properties));
            return true;
        });
    }

    /** Picks up a new feed in the configured directory without a restart; idle for the demo catalog. */
    @Bean
    FeedDirectoryWatcher feedDirectoryWatcher(CatalogLoader loader, PricingProperties properties, ClusterLock lock) {
        String dir = properties.catalog().feedDir();
        return new FeedDirectoryWatcher(dir == null || dir.isBlank() ? null : Path.of(dir), loader, lock);
    }

    /** Also a parameter of {@code VariantLedger}'s command handlers. */
    @Bean
    JdbcCatalogUpdates catalogUpdates(JdbcTemplate jdbc) {
        return new JdbcCatalogUpdates(jdbc);
    }

    @Bean
    CatalogExporter catalogExporter(DataSource dataSource, TransactionTemplate transactions) {
        return new CatalogExporter(dataSource, transactions, AxonJson.newObjectMapper());
    }

    @Bean
    MerchantCatalogController merchantCatalogController(
            CommandGateway commands, JdbcTemplate jdbc, CatalogExporter exporter, Clock clock) {
        return new MerchantCatalogController(commands, jdbc, exporter, clock);
    }

    @Bean
    FilterRegistrationBean<MerchantApiTokenFilter> merchantApiTokenFilter(PricingProperties properties) {
        var registration = new FilterRegistrationBean<>(new MerchantApiTokenFilter(properties.merchantApiTokens()));
        registration.addUrlPatterns("/merchant/*");
        return registration;
    }

    @Bean
    FeedPushScheduler feedPushScheduler(
            PricingProperties properties, JdbcTemplate jdbc, TransactionTemplate transactions, CatalogExporter exporter,
            Clock clock, ClusterLock lock) {
        PricingProperties.FeedPush push = properties.feedPush();
        if (!push.enabled()) {
            return new FeedPushScheduler(null, lock);
        }
        var api = new HttpAgentFeedApi(push.baseUrl(), push.token(), push.apiVersion(), push.maxAttempts(),
                push.initialBackoff(), AxonJson.newObjectMapper());
        return new FeedPushScheduler(
                new CatalogPublisher(api, new JdbcFeedPushLog(jdbc, transactions),
                        (BiConsumer<String, Consumer<ObjectNode>>) exporter::forEachProduct,
                        push.batchSize(), clock), lock);
    }

    public static FeedSource configuredFeed(PricingProperties properties) {
        String dir = properties.catalog().feedDir();
        return dir == null || dir.isBlank()
                ? FeedSources.classpath(FeedSources.DEMO_CATALOG)
                : FeedSources.directory(Path.of(dir));
    }
}
