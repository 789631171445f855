package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A cached aggregate never outlives a transaction that rolled back, whoever rolled it back. */
class TransactionAwareCacheIT {

    private final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(
            new DriverManagerDataSource(LocalInfrastructure.newDatabase("cache"), "postgres", "")));

    @Test
    void entriesPutInATransaction_stayWhenItCommits_andGoWhenItRollsBack() {
        var cache = new TransactionAwareCache();
        tx.executeWithoutResult(s -> cache.put("cs_kept", "state 1"));
        assertThat(cache.<String, String>get("cs_kept")).isEqualTo("state 1");

        tx.executeWithoutResult(s -> {
            cache.put("cs_kept", "state 2");
            cache.putIfAbsent("cs_new", "state 1");
            s.setRollbackOnly();
        });
        assertThat(cache.containsKey("cs_kept")).as("ahead of the database: evicted").isFalse();
        assertThat(cache.containsKey("cs_new")).isFalse();

        cache.put("cs_outside", "no transaction");
        assertThat(cache.containsKey("cs_outside")).isTrue();
    }
}
