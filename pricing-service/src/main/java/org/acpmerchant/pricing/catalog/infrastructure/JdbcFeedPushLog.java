package org.acpmerchant.pricing.catalog.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.pricing.catalog.application.FeedPushLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code catalog_feed.revision}, {@code agent_feed} and {@code feed_push}. */
public class JdbcFeedPushLog implements FeedPushLog {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    /**
     * @param transactions {@link #recordPushed} runs in its own transaction: the push calls it while the exporter's
     *     read-only cursor transaction is open on this thread
     */
    public JdbcFeedPushLog(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public long catalogRevision() {
        List<Long> revision = jdbc.queryForList("select revision from catalog_feed", Long.class);
        return revision.isEmpty() ? 0 : revision.get(0);
    }

    @Override
    public long pushedRevision(String baseUrl) {
        Long pushed = jdbc.queryForObject("select max(revision) from feed_push where base_url = ? "
                + "and status = 'succeeded'", Long.class, baseUrl);
        return pushed == null ? 0 : pushed;
    }

    @Override
    public Optional<String> feedId(String baseUrl) {
        return jdbc.queryForList("select feed_id from agent_feed where base_url = ?", String.class, baseUrl)
                .stream().findFirst();
    }

    @Override
    public void saveFeedId(String baseUrl, String feedId, Instant at) {
        jdbc.update("insert into agent_feed (base_url, feed_id, created_at) values (?, ?, ?) "
                + "on conflict (base_url) do update set feed_id = excluded.feed_id", baseUrl, feedId,
                Timestamp.from(at));
    }

    @Override
    public String targetCountry() {
        return jdbc.queryForList("select target_country from catalog_feed", String.class).stream()
                .findFirst().orElse(null);
    }

    @Override
    public void recordPushed(String baseUrl, List<ObjectNode> products) {
        List<Object[]> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ObjectNode product : products) {
            for (JsonNode variant : product.path("variants")) {
                String id = variant.path("id").asText();
                ids.add(id);
                rows.add(new Object[] {baseUrl, id, product.path("id").asText(), variant.path("title").asText("")});
            }
        }
        ownTransaction.executeWithoutResult(status -> {
            jdbc.batchUpdate("insert into pushed_variant (base_url, variant_id, product_id, title) values (?, ?, ?, ?) "
                + "on conflict (base_url, variant_id) do update set product_id = excluded.product_id, "
                + "title = excluded.title", rows);
            jdbc.update("delete from pushed_variant p where p.base_url = ? and p.variant_id = any (?) "
                    + "and not exists (select 1 from catalog_variant c where c.variant_id = p.variant_id)",
                    baseUrl, ids.toArray(String[]::new));
        });
    }

    @Override
    public void record(Push push) {
        jdbc.update("insert into feed_push (base_url, feed_id, revision, started_at, finished_at, products, batches, "
                        + "attempts, status, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                push.baseUrl(), push.feedId(), push.revision(), Timestamp.from(push.startedAt()),
                Timestamp.from(push.finishedAt()), push.products(), push.batches(), push.attempts(), push.status(),
                push.error());
    }
}
