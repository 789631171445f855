package org.acpmerchant.platform.ops.rebuild;

import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows a rebuild is folding, in a bounded write-behind cache over the shadow table: the least recently used rows
 * are written out in batches, and a row that comes back later (a refund months after its order) is read back. A bloom
 * filter of the keys written out spares a read for the rows that were never written, nearly all of them in an
 * event log. Memory is bounded by {@code capacity} rows, whatever the length of the history.
 */
final class ShadowCache<S> {

    private static final int BLOOM_BITS = 1 << 24;

    private final RebuildableProjection<S> projection;
    private final JdbcTemplate jdbc;
    private final String table;
    private final int capacity;
    private final int batch;
    private final LinkedHashMap<String, S> rows;
    private final LinkedHashMap<String, S> evicted = new LinkedHashMap<>();
    private final BitSet written = new BitSet(BLOOM_BITS);
    private long reads;
    private long writes;

    ShadowCache(RebuildableProjection<S> projection, JdbcTemplate jdbc, String table, int capacity, int batch) {
        this.projection = projection;
        this.jdbc = jdbc;
        this.table = table;
        this.capacity = capacity;
        this.batch = batch;
        this.rows = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    S get(String key) {
        S row = rows.get(key);
        if (row != null) {
            return row;
        }
        row = evicted.remove(key);
        if (row != null) {
            rows.put(key, row);
            return row;
        }
        if (mayHaveWritten(key)) {
            reads++;
            return projection.read(jdbc, table, key);
        }
        return null;
    }

    void put(String key, S row) {
        rows.put(key, row);
        if (rows.size() > capacity) {
            Iterator<Map.Entry<String, S>> eldest = rows.entrySet().iterator();
            Map.Entry<String, S> e = eldest.next();
            eldest.remove();
            evicted.put(e.getKey(), e.getValue());
            if (evicted.size() >= batch) {
                writeEvicted();
            }
        }
    }

    /** Writes every row still in memory; the cache stays usable (for a catch-up) and starts empty. */
    void flush() {
        evicted.putAll(rows);
        rows.clear();
        writeEvicted();
    }

    long reads() {
        return reads;
    }

    long writes() {
        return writes;
    }

    private void writeEvicted() {
        if (evicted.isEmpty()) {
            return;
        }
        projection.write(jdbc, table, evicted);
        writes += evicted.size();
        evicted.keySet().forEach(this::markWritten);
        evicted.clear();
    }

    private void markWritten(String key) {
        long h = fnv1a(key);
        written.set(Math.floorMod((int) h, BLOOM_BITS));
        written.set(Math.floorMod((int) (h >>> 32), BLOOM_BITS));
    }

    private boolean mayHaveWritten(String key) {
        long h = fnv1a(key);
        return written.get(Math.floorMod((int) h, BLOOM_BITS)) && written.get(Math.floorMod((int) (h >>> 32), BLOOM_BITS));
    }

    /** 64-bit FNV-1a, whose two halves serve as the filter's two hashes (String.hashCode alone clustered them). */
    private static long fnv1a(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }
}
