package org.acpmerchant.platform.ops.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.cluster.ClusterLock;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a projection from the event store without touching the live one: the events its processor has handled
 * ({@link ProcessorCoverage}) are read in large ordered chunks straight from {@code domain_event_entry} on one thread
 * and folded on another into {@code <table>_rebuild} through a bounded write-behind cache ({@link ShadowCache}); the
 * events handled meanwhile are folded in a catch-up; then the shadow is compared with the live table. A dry run stops
 * there, with the differences to read. Switching in happens under an {@code access exclusive} lock on the live table
 * (the processor's in-flight batch commits first, the next one waits): a last catch-up to the processor's committed
 * tokens, the live table renamed {@code <table>_previous}, the shadow renamed to the live name, indexes keeping their
 * names. The processor carries on from its token on the new table; readers wait for the switch, never see a half
 * table. Nothing is sent: the handlers' side effects (webhooks) are not in {@link RebuildableProjection#apply}.
 */
public final class ProjectionRebuilder {

    /** The phases a rebuild goes through; {@code ready} waits for a switch or a discard. */
    public enum Phase { BUILDING, CATCHING_UP, COMPARING, READY, SWITCHING, SWITCHED, DISCARDED, FAILED }

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);
    /** Positions per read: a window, not a LIMIT, so that no plan (stale statistics after a bulk load) sorts the rest. */
    private static final int WINDOW = 10_000;
    private static final int SAMPLES = 10;

    private final Map<String, RebuildableProjection<?>> projections;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Serializer eventSerializer;
    private final Serializer tokenSerializer;
    private final ClusterLock clusterLock;
    private final Clock clock;
    private final int cacheRows;
    private final Map<String, Run<?>> runs = new ConcurrentHashMap<>();
    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    public ProjectionRebuilder(List<RebuildableProjection<?>> projections, JdbcTemplate jdbc, TransactionTemplate tx,
            Serializer eventSerializer, Serializer tokenSerializer, ClusterLock clusterLock, Clock clock, int cacheRows) {
        this.projections = projections.stream()
                .collect(Collectors.toMap(RebuildableProjection::processor, Function.identity(), (a, b) -> a,
                        LinkedHashMap::new));
        this.jdbc = jdbc;
        this.tx = tx;
        this.eventSerializer = eventSerializer;
        this.tokenSerializer = tokenSerializer;
        this.clusterLock = clusterLock;
        this.clock = clock;
        this.cacheRows = cacheRows;
    }

    public Set<String> names() {
        return projections.keySet();
    }

    /** Starts a rebuild on its own thread; with {@code dryRun} false it switches in once built and compared. */
    public synchronized Map<String, Object> start(String name, boolean dryRun) {
        RebuildableProjection<?> projection = projection(name);
        Run<?> current = runs.get(name);
        if (current != null && current.busy()) {
            throw new RebuildRefused("rebuild_in_progress", "A rebuild of " + name + " is " + current.phase.name()
                    .toLowerCase() + ".");
        }
        Run<?> run = new Run<>(projection, dryRun);
        runs.put(name, run);
        Thread thread = new Thread(() -> build(run), "rebuild-" + name);
        thread.setDaemon(true);
        thread.start();
        return run.status();
    }

    public Optional<Map<String, Object>> status(String name) {
        projection(name);
        return Optional.ofNullable(runs.get(name)).map(Run::status);
    }

    /** Switches a ready rebuild in (synchronously: the last catch-up and the renames take one short transaction). */
    public Map<String, Object> switchIn(String name) {
        Run<?> run = readyRun(name);
        switchIn(run);
        return run.status();
    }

    /** Drops a ready rebuild's shadow table; the live one is untouched. */
    public Map<String, Object> discard(String name) {
        Run<?> run = readyRun(name);
        jdbc.execute("drop table if exists " + run.shadow);
        run.phase = Phase.DISCARDED;
        run.finishedAt = clock.instant();
        return run.status();
    }

    private synchronized Run<?> readyRun(String name) {
        projection(name);
        Run<?> run = runs.get(name);
        if (run == null || run.phase != Phase.READY) {
            throw new RebuildRefused("not_ready", "No rebuild of " + name + " is ready"
                    + (run == null ? "." : " (it is " + run.phase.name().toLowerCase() + ")."));
        }
        run.phase = Phase.SWITCHING;
        return run;
    }

    private RebuildableProjection<?> projection(String name) {
        RebuildableProjection<?> projection = projections.get(name);
        if (projection == null) {
            throw new java.util.NoSuchElementException("No rebuildable projection " + name + ".");
        }
        return projection;
    }

    private <S> void build(Run<S> run) {
        try {
            boolean ran = clusterLock.runIfFree("rebuild:" + run.projection.table(), () -> {
                buildShadow(run);
                return true;
            });
            if (!ran) {
                throw new RebuildRefused("rebuild_in_progress", "Another replica is rebuilding "
                        + run.projection.processor() + ".");
            }
            if (!run.dryRun) {
                run.phase = Phase.SWITCHING;
                switchIn(run);
            }
        } catch (RuntimeException e) {
            if (run.phase != Phase.FAILED) {
                run.fail(e);
            }
        }
    }

    private <S> void buildShadow(Run<S> run) {
        RebuildableProjection<S> p = run.projection;
        jdbc.execute("drop table if exists " + run.shadow);
        jdbc.execute("create unlogged table " + run.shadow + " (like " + p.table() + " including all)");
        jdbc.execute("comment on table " + run.shadow + " is '" + run.id + "'");
        ProcessorCoverage built = coverage(p);
        if (built.isEmpty()) {
            throw new RebuildRefused("not_started", "The processor " + p.processor() + " has no tokens yet.");
        }
        run.target = built.highest();
        fold(run, -1, run.target, (index, aggregate) -> built.covers(index, aggregate));
        run.cache.flush();
        run.builtAt = clock.instant();

        run.phase = Phase.CATCHING_UP;
        ProcessorCoverage now = coverage(p);
        catchUp(run, built, now);
        run.covered = now;

        run.phase = Phase.COMPARING;
        run.differences = compare(run);
        run.phase = Phase.READY;
        run.finishedAt = clock.instant();
        log.info("rebuild of {}: {} events in {} ms, {} rows written, {} read back; differences {}", p.processor(),
                run.events, Duration.between(run.startedAt, run.builtAt).toMillis(), run.cache.writes(),
                run.cache.reads(), run.differences.get("counts"));
    }

    private <S> void catchUp(Run<S> run, ProcessorCoverage before, ProcessorCoverage now) {
        if (!now.dominates(before)) {
            throw new RebuildRefused("reset_since", "The processor " + run.projection.processor()
                    + " was reset while rebuilding; rebuild again.");
        }
        long from = before.lowestUncovered() - 1;
        run.target = Math.max(run.target, now.highest());
        fold(run, from, now.highest(), (index, aggregate) -> now.covers(index, aggregate)
                && !before.covers(index, aggregate));
        run.cache.flush();
    }

    private interface Covered {
        boolean test(long index, String aggregateId);
    }

    private record StoredRow(long index, String aggregateId, String timestamp, String type, String revision,
            byte[] payload) {}

    /** The rows of one window, up to and including position {@code to}. */
    private record Chunk(long to, List<StoredRow> rows) {}

    private static final Chunk END = new Chunk(Long.MAX_VALUE, List.of());

    /** Folds the events in (after, upTo] that {@code covered} accepts: one thread reads chunks, this one folds. */
    private <S> void fold(Run<S> run, long after, long upTo, Covered covered) {
        RebuildableProjection<S> p = run.projection;
        String types = p.payloadTypes().isEmpty() ? "" : " and payload_type = any(?)";
        String sql = "select global_index, aggregate_identifier, time_stamp, payload_type, payload_revision, payload"
                + " from domain_event_entry where global_index > ? and global_index <= ?" + types
                + " order by global_index";
        String[] typeArray = p.payloadTypes().toArray(String[]::new);
        BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(3);
        RuntimeException[] readFailure = new RuntimeException[1];
        Thread reader = new Thread(() -> {
            long position = after;
            try {
                while (position < upTo) {
                    long from = position;
                    long to = Math.min(upTo, from + WINDOW);
                    List<StoredRow> rows = p.payloadTypes().isEmpty()
                            ? jdbc.query(sql, ProjectionRebuilder::row, from, to)
                            : jdbc.query(con -> {
                                var s = con.prepareStatement(sql);
                                s.setLong(1, from);
                                s.setLong(2, to);
                                s.setArray(3, con.createArrayOf("varchar", typeArray));
                                return s;
                            }, ProjectionRebuilder::row);
                    chunks.put(new Chunk(to, rows));
                    position = to;
                }
            } catch (RuntimeException | Error e) {
                readFailure[0] = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    chunks.put(END); // waits for room: the folder takes every chunk before the end
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "rebuild-read-" + p.processor());
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Chunk chunk = chunks.take();
                if (chunk == END) {
                    break;
                }
                for (StoredRow row : chunk.rows()) {
                    if (covered.test(row.index(), row.aggregateId())) {
                        Object event = eventSerializer.deserialize(
                                new SimpleSerializedObject<>(row.payload(), byte[].class, row.type(), row.revision()));
                        String key = p.key(event);
                        if (key != null) {
                            S next = p.apply(run.cache.get(key), event, Instant.parse(row.timestamp()));
                            if (next != null) {
                                run.cache.put(key, next);
                            }
                        }
                        run.events++;
                    }
                }
                run.position = chunk.to();
                run.heapPeak = Math.max(run.heapPeak, memory.getHeapMemoryUsage().getUsed());
                run.liveHeapPeak = Math.max(run.liveHeapPeak, heapAfterLastCollection());
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        } catch (RuntimeException e) {
            reader.interrupt();
            throw e;
        }
        if (readFailure[0] != null) {
            throw readFailure[0];
        }
        run.position = Math.max(run.position, upTo);
    }

    private static StoredRow row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new StoredRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBytes(6));
    }

    /** Counts the rows that differ between shadow and live (leaving out those the live processor moved meanwhile). */
    private <S> Map<String, Object> compare(Run<S> run) {
        RebuildableProjection<S> p = run.projection;
        String k = p.keyColumn();
        String differs = differs(p);
        String from = " from " + run.shadow + " s full join " + p.table() + " l on s." + k + " = l." + k
                + " where (s." + k + " is null or l." + k + " is null or " + differs + ")"
                + " and coalesce(s." + k + ", l." + k + ") <> all(?)";
        String kind = "case when s." + k + " is null then 'only_in_live' when l." + k
                + " is null then 'only_in_rebuild' else 'changed' end";
        TransactionTemplate snapshot = new TransactionTemplate(tx.getTransactionManager());
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return snapshot.execute(status -> compare(run, from, kind));
    }

    private <S> Map<String, Object> compare(Run<S> run, String from, String kind) {
        RebuildableProjection<S> p = run.projection;
        String k = p.keyColumn();
        // One snapshot for the live table and the tokens it was written with: the rows of events the processor
        // handled since the catch-up are left out (their live row is ahead of the shadow), nothing else is.
        Set<String> moving;
        if (p.versionColumn() != null) {
            moving = liveAhead(run);
        } else {
            ProcessorCoverage after = coverage(p);
            if (!after.dominates(run.covered)) {
                throw new RebuildRefused("reset_since", "The processor " + p.processor()
                        + " was reset while rebuilding; rebuild again.");
            }
            moving = keysBetween(run, run.covered, after);
        }
        String[] excluded = moving.toArray(String[]::new);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("changed", 0L);
        counts.put("only_in_live", 0L);
        counts.put("only_in_rebuild", 0L);
        jdbc.query(con -> {
            var s = con.prepareStatement("select " + kind + " as kind, count(*)" + from + " group by 1");
            s.setArray(1, con.createArrayOf("varchar", excluded));
            return s;
        }, rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        List<Map<String, Object>> samples = new ArrayList<>();
        String doc = p.documentColumn();
        String docs = doc == null ? "" : ", l." + doc + "::text as live, s." + doc + "::text as rebuilt";
        jdbc.query(con -> {
            var s = con.prepareStatement("select coalesce(s." + k + ", l." + k + ") as key, " + kind + " as kind" + docs
                    + from + " order by (" + kind + ") = 'changed' desc, 1 limit " + SAMPLES);
            s.setArray(1, con.createArrayOf("varchar", excluded));
            return s;
        }, rs -> {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("key", rs.getString("key"));
            sample.put("kind", rs.getString("kind"));
            if (doc != null) {
                sample.put("paths", JsonDifferences.between(read(rs.getString("live")), read(rs.getString("rebuilt")), 20));
            }
            samples.add(sample);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("compared_at_position", run.covered.highest());
        result.put("rows_rebuilt", jdbc.queryForObject("select count(*) from " + run.shadow, Long.class));
        result.put("rows_live", jdbc.queryForObject("select count(*) from " + p.table(), Long.class));
        result.put("counts", counts);
        result.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        result.put("left_out_in_flight", moving.size());
        result.put("samples", samples);
        return result;
    }

    private JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    /** What the live table holds: its processor's tokens, or (written in the command's transaction) the store's head. */
    private ProcessorCoverage coverage(RebuildableProjection<?> p) {
        if (p.versionColumn() != null) {
            Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
            return ProcessorCoverage.upTo(head == null ? -1 : head);
        }
        return ProcessorCoverage.read(jdbc, tokenSerializer, p.processor());
    }

    /** Rows written by commands since the rebuild started: a higher version, or a row that is new since. */
    private <S> Set<String> liveAhead(Run<S> run) {
        RebuildableProjection<S> p = run.projection;
        String k = p.keyColumn();
        String v = p.versionColumn();
        return new LinkedHashSet<>(jdbc.queryForList("select l." + k + " from " + p.table() + " l left join "
                + run.shadow + " s on s." + k + " = l." + k + " where (s." + k + " is null and l.updated_at >= ?)"
                + " or l." + v + " > s." + v, String.class, java.sql.Timestamp.from(run.startedAt)));
    }

    /** The keys of the events covered by {@code after} and not by {@code before}. */
    private <S> Set<String> keysBetween(Run<S> run, ProcessorCoverage before, ProcessorCoverage after) {
        Set<String> keys = new LinkedHashSet<>();
        jdbc.query("select global_index, aggregate_identifier, payload_type, payload_revision, payload"
                + " from domain_event_entry where global_index > ? and global_index <= ? order by global_index",
                rs -> {
                    long index = rs.getLong(1);
                    String aggregate = rs.getString(2);
                    if (after.covers(index, aggregate) && !before.covers(index, aggregate)) {
                        Object event = eventSerializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(5),
                                byte[].class, rs.getString(3), rs.getString(4)));
                        String key = run.projection.key(event);
                        if (key != null) {
                            keys.add(key);
                        }
                    }
                }, before.lowestUncovered() - 1, after.highest());
        return keys;
    }

    private <S> void switchIn(Run<S> run) {
        RebuildableProjection<S> p = run.projection;
        String table = p.table();
        String previous = table + "_previous";
        try {
            String marker = jdbc.queryForObject("select obj_description(to_regclass(?), 'pg_class')", String.class,
                    run.shadow);
            if (!run.id.equals(marker)) {
                throw new RebuildRefused("shadow_replaced", "The shadow table " + run.shadow
                        + " is no longer this rebuild's (another rebuild started); rebuild again.");
            }
            if (p.versionColumn() != null) {
                merge(run);
                return;
            }
            jdbc.execute("alter table " + run.shadow + " set logged");
            tx.executeWithoutResult(status -> {
                lock(table, "access exclusive");
                ProcessorCoverage now = coverage(p);
                catchUp(run, run.covered, now);
                run.covered = now;
                jdbc.execute("drop table if exists " + previous);
                Map<String, String> shadowIndexes = new HashMap<>();
                indexes(run.shadow).forEach((name, def) -> shadowIndexes.put(def, name));
                Map<String, String> liveIndexes = indexes(table);
                liveIndexes.forEach((name, def) -> jdbc.execute("alter index " + name + " rename to "
                        + shortName(name, "_previous")));
                jdbc.execute("alter table " + table + " rename to " + previous);
                jdbc.execute("alter table " + run.shadow + " rename to " + table);
                liveIndexes.forEach((name, def) -> {
                    String shadowName = shadowIndexes.get(def);
                    if (shadowName != null) {
                        jdbc.execute("alter index " + shadowName + " rename to " + name);
                    }
                });
                jdbc.execute("comment on table " + table + " is null");
            });
            run.phase = Phase.SWITCHED;
            run.finishedAt = clock.instant();
            log.info("rebuild of {} switched in at position {}", p.processor(), run.covered.highest());
        } catch (RuntimeException e) {
            run.fail(e);
            throw e;
        }
    }

    /**
     * The switch of a table written in the command's transaction: under an exclusive lock (reads go on, commands wait)
     * a last catch-up, then the rebuilt rows that differ replace the live ones unless a command wrote a later version,
     * the missing ones are inserted, and live rows no event explains (older than the rebuild) are deleted.
     */
    private <S> void merge(Run<S> run) {
        RebuildableProjection<S> p = run.projection;
        String t = p.table();
        String k = p.keyColumn();
        String v = p.versionColumn();
        int[] changed = new int[3];
        tx.executeWithoutResult(status -> {
            lock(t, "exclusive");
            ProcessorCoverage now = coverage(p);
            catchUp(run, run.covered, now);
            run.covered = now;
            List<String> columns = jdbc.queryForList("select column_name from information_schema.columns"
                    + " where table_schema = current_schema() and table_name = ? order by ordinal_position",
                    String.class, t);
            String set = columns.stream().filter(c -> !c.equals(k)).map(c -> c + " = s." + c)
                    .collect(Collectors.joining(", "));
            String differs = differs(p);
            String list = String.join(", ", columns);
            changed[0] = jdbc.update("update " + t + " l set " + set + " from " + run.shadow + " s where l." + k
                    + " = s." + k + " and l." + v + " <= s." + v + " and (" + differs + ")");
            changed[1] = jdbc.update("insert into " + t + " (" + list + ") select " + list + " from " + run.shadow
                    + " s where not exists (select 1 from " + t + " l where l." + k + " = s." + k + ")");
            changed[2] = jdbc.update("delete from " + t + " l where not exists (select 1 from " + run.shadow
                    + " s where s." + k + " = l." + k + ") and l.updated_at < ?",
                    java.sql.Timestamp.from(run.startedAt));
            jdbc.execute("drop table " + run.shadow);
        });
        run.phase = Phase.SWITCHED;
        run.finishedAt = clock.instant();
        log.info("rebuild of {} merged in at position {}: {} rows replaced, {} added, {} removed", p.processor(),
                run.covered.highest(), changed[0], changed[1], changed[2]);
    }

    /** The heap in use right after the last collection of each pool: the live data, without the garbage. */
    private static long heapAfterLastCollection() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage after = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    /** SQL true where a shadow row {@code s} and a live row {@code l} differ in a compared column. */
    private static String differs(RebuildableProjection<?> p) {
        return p.comparedColumns().stream().map(c -> "s." + c + " is distinct from l." + c)
                .collect(Collectors.joining(" or "));
    }

    /** Locks the live table for the rest of the transaction, giving up after 30 s rather than queueing for ever. */
    private void lock(String table, String mode) {
        jdbc.execute("set local lock_timeout = '30s'");
        jdbc.execute("lock table " + table + " in " + mode + " mode");
    }

    /** Index name to definition from {@code USING} on (the part that does not name the table or the index). */
    private Map<String, String> indexes(String table) {
        Map<String, String> indexes = new LinkedHashMap<>();
        jdbc.query("select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = ?",
                rs -> {
                    String def = rs.getString(2);
                    indexes.put(rs.getString(1), (def.startsWith("CREATE UNIQUE") ? "unique " : "")
                            + def.substring(def.indexOf(" USING ")));
                }, table);
        return indexes;
    }

    private static String shortName(String name, String suffix) {
        return (name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name) + suffix;
    }

    /** One rebuild: its progress, as the ops API shows it. */
    private final class Run<S> {
        final String id = UUID.randomUUID().toString();
        final RebuildableProjection<S> projection;
        final boolean dryRun;
        final String shadow;
        final Instant startedAt = clock.instant();
        final ShadowCache<S> cache;
        volatile Phase phase = Phase.BUILDING;
        volatile long target = -1;
        volatile long position = -1;
        volatile long events;
        volatile long heapPeak;
        volatile long liveHeapPeak;
        volatile Instant builtAt;
        volatile Instant finishedAt;
        volatile ProcessorCoverage covered;
        volatile Map<String, Object> differences;
        volatile String error;

        Run(RebuildableProjection<S> projection, boolean dryRun) {
            this.projection = projection;
            this.dryRun = dryRun;
            this.shadow = projection.table() + "_rebuild";
            this.cache = new ShadowCache<>(projection, jdbc, shadow, cacheRows, 1_000);
        }

        boolean busy() {
            return phase == Phase.BUILDING || phase == Phase.CATCHING_UP || phase == Phase.COMPARING
                    || phase == Phase.SWITCHING;
        }

        void fail(RuntimeException e) {
            phase = Phase.FAILED;
            error = e instanceof RebuildRefused r ? r.code() + ": " + r.getMessage() : e.toString();
            finishedAt = clock.instant();
            log.warn("rebuild of {} failed: {}", projection.processor(), error, e);
        }

        Map<String, Object> status() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("projection", projection.processor());
            s.put("table", projection.table());
            s.put("phase", phase.name().toLowerCase());
            s.put("dry_run", dryRun);
            s.put("started_at", startedAt.toString());
            s.put("finished_at", finishedAt == null ? null : finishedAt.toString());
            s.put("position", position);
            s.put("target", target);
            // positions count from -1, before the store's first event
            long span = Math.max(target + 1, 0);
            long done = Math.max(Math.min(position, target) + 1, 0);
            double percent = span == 0 ? (phase == Phase.BUILDING ? 0 : 100) : 100.0 * done / span;
            s.put("percent", Math.round(percent * 10) / 10.0);
            s.put("events", events);
            Instant end = builtAt == null ? clock.instant() : builtAt;
            double seconds = Math.max(Duration.between(startedAt, end).toNanos() / 1e9, 1e-3);
            s.put("events_per_second", Math.round(events / seconds));
            s.put("positions_per_second", Math.round(done / seconds));
            s.put("eta_seconds", phase != Phase.BUILDING || done == 0 ? null
                    : Math.round(seconds * (span - done) / done));
            s.put("heap_peak_bytes", heapPeak);
            s.put("heap_after_gc_peak_bytes", liveHeapPeak);
            s.put("heap_max_bytes", memory.getHeapMemoryUsage().getMax());
            s.put("rows_written", cache.writes());
            s.put("rows_read_back", cache.reads());
            s.put("differences", differences);
            s.put("error", error);
            return s;
        }
    }
}
