package org.acpmerchant.platform.ops.rebuild;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A read model that can be rebuilt from the event store into a shadow table, compared with the live one and switched
 * in ({@link ProjectionRebuilder}). It is a fold per key: {@link #apply} must do what the live handlers do to the row
 * of {@link #key}, and nothing else (no webhooks, no messages: a rebuild re-sends nothing).
 *
 * @param <S> one row of the read model
 */
public interface RebuildableProjection<S> {

    /**
     * The processor that keeps the live table, and the projection's name in the ops API. For a tracking processor its
     * tokens say which events the live table holds; for a table written in the command's own transaction (a
     * subscribing processor) {@link #versionColumn} does.
     */
    String processor();

    /**
     * For a table written in the command's transaction: a column that counts the events folded into a row, so that a
     * live row ahead of its rebuilt one is left out of the comparison and kept by the switch, which then merges the
     * rebuilt rows in instead of renaming tables. Such a table also has {@code updated_at}. Null for a table kept by
     * a tracking processor.
     */
    default String versionColumn() {
        return null;
    }

    /** The live table. Its shadow is {@code <table>_rebuild}, the table it replaces {@code <table>_previous}. */
    String table();

    /** The primary key column, one row per {@link #key}. */
    String keyColumn();

    /** Columns compared between live and rebuilt rows, as SQL on one row ({@code document::jsonb}, {@code status}). */
    List<String> comparedColumns();

    /** The JSON document column shown in a difference (compared paths), or null. */
    String documentColumn();

    /** Stored payload types this projection folds (the rest are not even read); empty means all. */
    Set<String> payloadTypes();

    /** The row an event changes, or null when it changes none. */
    String key(Object event);

    /** The row after the event: {@code current} is null when the row does not exist; null leaves it absent. */
    S apply(S current, Object event, Instant at);

    /** Inserts or replaces the rows in {@code table} (the shadow). */
    void write(JdbcTemplate jdbc, String table, Map<String, S> rows);

    /** The row of {@code key} in {@code table} (the shadow), or null. */
    S read(JdbcTemplate jdbc, String table, String key);
}
