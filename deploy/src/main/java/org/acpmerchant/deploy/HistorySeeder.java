package org.acpmerchant.deploy;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acpmerchant.platform.axon.AxonJdbcConfiguration;
import org.acpmerchant.platform.axon.AxonJson;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Writes a history of past checkouts into the four services' event stores, fast, for replay and rebuild benchmarks
 * and for trying the ops console on a year of data. It copies real checkouts: the completed ones already in the
 * store (each with its session, stock reservation, payment and order events, fulfillments and refunds included) are
 * the templates; each copy gets fresh ids (a suffix on every prefixed id, a new UUID for every UUID), its timestamps
 * moved back so that the copies spread over the past {@code span}, and is appended through Axon's
 * {@link JdbcEventStorageEngine} (the services' own serialized form, unchanged). Shared aggregates (a variant's stock
 * ledger) are not copied. Afterwards every tracking processor's token is moved past the copies: they are history,
 * already handled, so nothing is sent, relayed or sagas started; read models are brought up to date by rebuilding
 * them. The services must be stopped and their processors caught up (the seeder checks the tokens).
 */
public final class HistorySeeder {

    /** A prefixed id ({@code cs_…}, {@code ord_…}, {@code pi_…}), a UUID, or an ISO instant: what a copy changes. */
    private static final Pattern VARIABLE = Pattern.compile(
            "(?<![A-Za-z0-9_])[a-z]{2,5}_[A-Za-z0-9]{10,}(?![A-Za-z0-9_])"
                    + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                    + "|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z");
    private static final Pattern PREFIXED_ID = Pattern.compile("[a-z]{2,5}_[A-Za-z0-9]{10,}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int BATCH = 2_000;

    /** What was written: templates copied, checkouts written, events per schema, and how long it took. */
    public record Result(int templates, int checkouts, Map<String, Long> events, Duration took) {
        public long totalEvents() {
            return events.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A text (payload or metadata) cut into literal parts and variables, once per template event. */
    private record Text(List<String> literals, List<String> variables) {
        static Text of(String text) {
            List<String> literals = new ArrayList<>();
            List<String> variables = new ArrayList<>();
            Matcher m = VARIABLE.matcher(text);
            int last = 0;
            while (m.find()) {
                literals.add(text.substring(last, m.start()));
                variables.add(m.group());
                last = m.end();
            }
            literals.add(text.substring(last));
            return new Text(literals, variables);
        }

        String copy(Copy copy) {
            StringBuilder out = new StringBuilder(literals.get(0).length() * 2);
            for (int i = 0; i < variables.size(); i++) {
                out.append(literals.get(i)).append(copy.replace(variables.get(i)));
            }
            return out.append(literals.get(literals.size() - 1)).toString();
        }
    }

    private record TemplateEvent(String eventId, String aggregateId, long sequence, String type, Instant timestamp,
            String payloadType, String payloadRevision, Text payload, Text metaData) {}

    /** One copy's substitutions: ids get the copy's suffix, UUIDs a fresh one each, instants the copy's offset. */
    private static final class Copy {
        final String suffix;
        final Duration offset;
        final Map<String, String> uuids = new HashMap<>();

        Copy(String suffix, Duration offset) {
            this.suffix = suffix;
            this.offset = offset;
        }

        String replace(String variable) {
            char first = variable.charAt(0);
            if (first >= '0' && first <= '9' && variable.length() > 10 && variable.charAt(10) == 'T') {
                return Instant.parse(variable).minus(offset).toString();
            }
            if (UUID_TEXT.matcher(variable).matches()) {
                return uuids.computeIfAbsent(variable, v -> UUID.randomUUID().toString());
            }
            return variable + suffix;
        }
    }

    private final String jdbcUrl;
    private final List<String> schemas;
    private final PrintStream out;
    private final Serializer serializer = JacksonSerializer.builder().objectMapper(AxonJson.newObjectMapper())
            .lenientDeserialization().build();

    /** {@code jdbcUrl} names the database (user postgres); {@code schemas} the services' schemas, orders among them. */
    public HistorySeeder(String jdbcUrl, List<String> schemas, PrintStream out) {
        this.jdbcUrl = jdbcUrl;
        this.schemas = List.copyOf(schemas);
        this.out = out;
    }

    /** Whether every tracking processor of every schema has handled every stored event (seeding requires it). */
    public boolean caughtUp() throws SQLException {
        for (String schema : schemas) {
            try (Connection connection = connect(schema)) {
                if (behind(connection, schema) != null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes {@code checkouts} copies of the store's most recent completed checkouts, spread over {@code span}. */
    public Result seed(int checkouts, Duration span, int maxTemplates) throws SQLException {
        long started = System.nanoTime();
        List<String> sessions = templateSessions(maxTemplates);
        if (sessions.isEmpty()) {
            throw new IllegalStateException("No completed checkout to copy: run some checkouts first.");
        }
        Map<String, Long> written = new LinkedHashMap<>();
        // One suffix per copy across the four stores, so that a copy's ids match from service to service.
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36, 36L * 36 * 36 * 36), 36);
        for (String schema : schemas) {
            try (Connection connection = connect(schema)) {
                requireCaughtUp(connection, schema);
                List<List<TemplateEvent>> templates = new ArrayList<>();
                for (String session : sessions) {
                    templates.add(templateEvents(connection, session));
                }
                written.put(schema, append(connection, templates, checkouts, span, run));
                moveTokensToHead(connection);
            }
            out.printf("[seed] %s: %,d events%n", schema, written.get(schema));
        }
        return new Result(sessions.size(), checkouts, written, Duration.ofNanos(System.nanoTime() - started));
    }

    private List<String> templateSessions(int max) throws SQLException {
        try (Connection connection = connect("orders");
                PreparedStatement s = connection.prepareStatement(
                        "select session_id from order_view order by updated_at desc limit ?")) {
            s.setInt(1, max);
            List<String> sessions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getString(1));
                }
            }
            return sessions;
        }
    }

    /** The session's events in this store: by session id, and every event of the per-checkout aggregates among them. */
    private List<TemplateEvent> templateEvents(Connection connection, String session) throws SQLException {
        String sql = """
                with mine as (
                    select distinct aggregate_identifier from domain_event_entry
                    where acp_event_session(meta_data, payload) = ? or aggregate_identifier = ?)
                select event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,
                       payload_revision, payload, meta_data
                from domain_event_entry
                where aggregate_identifier in (select aggregate_identifier from mine)
                   or acp_event_session(meta_data, payload) = ?
                order by global_index""";
        List<TemplateEvent> events = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, session);
            s.setString(2, session);
            s.setString(3, session);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String eventId = rs.getString(1);
                    String aggregateId = rs.getString(2);
                    boolean own = aggregateId.equals(eventId) || PREFIXED_ID.matcher(aggregateId).matches();
                    if (!own) {
                        continue; // a shared aggregate (a variant's stock ledger): not the checkout's to copy
                    }
                    byte[] meta = rs.getBytes(9);
                    events.add(new TemplateEvent(eventId, aggregateId, rs.getLong(3), rs.getString(4),
                            Instant.parse(rs.getString(5)), rs.getString(6), rs.getString(7),
                            Text.of(new String(rs.getBytes(8), StandardCharsets.UTF_8)),
                            meta == null ? null : Text.of(new String(meta, StandardCharsets.UTF_8))));
                }
            }
        }
        return events;
    }

    private long append(Connection connection, List<List<TemplateEvent>> templates, int checkouts, Duration span,
            String run) throws SQLException {
        connection.setAutoCommit(false);
        ConnectionProvider provider = () -> unclosable(connection);
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(provider)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(AxonJdbcConfiguration.eventSchema())
                .build();
        long spacing = Math.max(span.toMillis() / Math.max(checkouts, 1), 1);
        List<EventMessage<?>> batch = new ArrayList<>(BATCH + 64);
        long count = 0;
        for (int c = 0; c < checkouts; c++) {
            Copy copy = new Copy("s" + run + Long.toString(c, 36), Duration.ofMillis((checkouts - c) * spacing));
            for (TemplateEvent e : templates.get(c % templates.size())) {
                batch.add(copyOf(e, copy));
            }
            if (batch.size() >= BATCH) {
                count += flush(engine, connection, batch);
            }
        }
        count += flush(engine, connection, batch);
        connection.setAutoCommit(true);
        try (PreparedStatement analyze = connection.prepareStatement("analyze domain_event_entry")) {
            analyze.execute(); // fresh statistics for the planner after a bulk load
        }
        return count;
    }

    private EventMessage<?> copyOf(TemplateEvent e, Copy copy) {
        String eventId = UUID.randomUUID().toString();
        String aggregateId = e.aggregateId().equals(e.eventId()) ? eventId : copy.replace(e.aggregateId());
        SerializedObject<byte[]> payload = new SimpleSerializedObject<>(
                e.payload().copy(copy).getBytes(StandardCharsets.UTF_8), byte[].class, e.payloadType(),
                e.payloadRevision());
        SerializedObject<byte[]> meta = new SimpleSerializedObject<>(e.metaData() == null ? "{}".getBytes(
                StandardCharsets.UTF_8) : e.metaData().copy(copy).getBytes(StandardCharsets.UTF_8), byte[].class,
                MetaData.class.getName(), null);
        return new GenericDomainEventMessage<>(e.type(), aggregateId, e.sequence(),
                new SerializedMessage<>(eventId, payload, meta, serializer), e.timestamp().minus(copy.offset));
    }

    private static long flush(JdbcEventStorageEngine engine, Connection connection, List<EventMessage<?>> batch)
            throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        engine.appendEvents(batch);
        connection.commit();
        int n = batch.size();
        batch.clear();
        return n;
    }

    /** The processors must have handled everything before: their tokens then move past the copies. */
    private void requireCaughtUp(Connection connection, String schema) throws SQLException {
        String behind = behind(connection, schema);
        if (behind != null) {
            throw new IllegalStateException(behind + ": let it catch up before seeding.");
        }
    }

    /** The first processor of the schema that has not handled every stored event, described, or null. */
    private String behind(Connection connection, String schema) throws SQLException {
        long head = head(connection);
        for (Map.Entry<String, TrackingToken> token : tokens(connection).entrySet()) {
            long at = token.getValue() instanceof GapAwareTrackingToken g ? g.getIndex() : -1;
            if (token.getValue() != null && at < head) {
                return "Processor " + token.getKey().replace('\u0000', '/') + " in " + schema + " is at " + at
                        + ", behind the store's head " + head;
            }
        }
        return null;
    }

    private void moveTokensToHead(Connection connection) throws SQLException {
        long head = head(connection);
        for (Map.Entry<String, TrackingToken> token : tokens(connection).entrySet()) {
            SortedSet<Long> gaps = token.getValue() instanceof GapAwareTrackingToken g ? g.getGaps() : new TreeSet<>();
            SerializedObject<byte[]> moved = serializer.serialize(GapAwareTrackingToken.newInstance(head, gaps),
                    byte[].class);
            String[] key = token.getKey().split("\u0000");
            try (PreparedStatement s = connection.prepareStatement(
                    "update token_entry set token = ?, token_type = ? where processor_name = ? and segment = ?")) {
                s.setBytes(1, moved.getData());
                s.setString(2, moved.getType().getName());
                s.setString(3, key[0]);
                s.setInt(4, Integer.parseInt(key[1]));
                s.executeUpdate();
            }
        }
    }

    private Map<String, TrackingToken> tokens(Connection connection) throws SQLException {
        Map<String, TrackingToken> tokens = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "select processor_name, segment, token, token_type from token_entry");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byte[] bytes = rs.getBytes(3);
                tokens.put(rs.getString(1) + "\u0000" + rs.getInt(2), bytes == null ? null : serializer.deserialize(
                        new SimpleSerializedObject<>(bytes, byte[].class, rs.getString(4), null)));
            }
        }
        return tokens;
    }

    private static long head(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("select coalesce(max(global_index), -1) from domain_event_entry");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                + "currentSchema=" + schema + "&reWriteBatchedInserts=true", "postgres", "");
    }

    /** The seeder's one connection, lent to Axon's engine, which closes what it is given. */
    private static Connection unclosable(Connection connection) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(HistorySeeder.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
