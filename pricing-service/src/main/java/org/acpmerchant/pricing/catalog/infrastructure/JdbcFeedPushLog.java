package org.acpmerchant.pricing.catalog.infrastructure;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.pricing.catalog.application.FeedPushLog;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code catalog_feed.revision}, {@code agent_feed} and {@code feed_push}. */
public class JdbcFeedPushLog implements FeedPushLog {

    private final JdbcTemplate jdbc;

    public JdbcFeedPushLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
    public void record(Push push) {
        jdbc.update("insert into feed_push (base_url, feed_id, revision, started_at, finished_at, products, batches, "
                        + "attempts, status, error) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                push.baseUrl(), push.feedId(), push.revision(), Timestamp.from(push.startedAt()),
                Timestamp.from(push.finishedAt()), push.products(), push.batches(), push.attempts(), push.status(),
                push.error());
    }
}
