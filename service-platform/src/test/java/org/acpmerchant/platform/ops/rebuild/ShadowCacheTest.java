package org.acpmerchant.platform.ops.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The write-behind cache folds a random stream of events into the same rows as a plain map would, whatever its
 * capacity and batch size: rows evicted and written are read back when their key comes again.
 */
class ShadowCacheTest {

    /** A counter per key in a map standing in for the shadow table. */
    static final class Counting implements RebuildableProjection<Long> {
        final Map<String, Long> table = new HashMap<>();
        int writes;

        @Override public String processor() { return "counting"; }
        @Override public String table() { return "counting"; }
        @Override public String keyColumn() { return "key"; }
        @Override public List<String> comparedColumns() { return List.of("value"); }
        @Override public String documentColumn() { return null; }
        @Override public Set<String> payloadTypes() { return Set.of(); }
        @Override public String key(Object event) { return (String) event; }
        @Override public Long apply(Long current, Object event, Instant at) { return current == null ? 1 : current + 1; }
        @Override public void write(JdbcTemplate jdbc, String table, Map<String, Long> rows) {
            writes++;
            this.table.putAll(rows);
        }
        @Override public Long read(JdbcTemplate jdbc, String table, String key) { return this.table.get(key); }
    }

    static List<Arguments> shapes() {
        return IntStream.range(0, 24).mapToObj(i -> Arguments.of(1 + i % 7, 1 + i % 5, 5 + 7 * i, 300 + 50 * i))
                .toList();
    }

    @ParameterizedTest(name = "capacity {0}, batch {1}, {2} keys, {3} events")
    @MethodSource("shapes")
    void foldsLikeAMap(int capacity, int batch, int keys, int events) {
        Random random = new Random(capacity * 31L + batch * 7L + keys);
        Counting projection = new Counting();
        ShadowCache<Long> cache = new ShadowCache<>(projection, null, "counting_rebuild", capacity, batch);
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < events; i++) {
            // Skewed towards recent keys, as an event log is, with some keys coming back long after.
            String key = "k" + (random.nextInt(4) == 0 ? random.nextInt(keys) : Math.max(0, i * keys / events - random.nextInt(3)));
            expected.merge(key, 1L, Long::sum);
            cache.put(key, projection.apply(cache.get(key), key, Instant.EPOCH));
        }
        cache.flush();
        assertThat(projection.table).isEqualTo(expected);
        assertThat(cache.writes()).isGreaterThanOrEqualTo(expected.size());
        if (capacity >= keys) {
            assertThat(cache.reads()).as("nothing evicted, nothing read back").isZero();
        }
    }
}
