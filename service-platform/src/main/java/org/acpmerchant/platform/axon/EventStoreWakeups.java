package org.acpmerchant.platform.axon;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes this replica's event store when another replica of the service stored events (ADR 0051). The event table's
 * trigger ({@code db/axon/R__event_store_notify.sql}) sends a notification on {@code acp_events_<schema>} at every
 * commit that stored events, carrying the writer's {@code application_name}; this replica's own commits already wake
 * its store ({@link CommitAwareEventStore}), so notifications carrying {@code ownName} are skipped. With these wake-ups
 * the store reads the table only when something was stored, and its own poll is a slow safety net. While the listening
 * connection is down, the store is woken every {@link #DISCONNECTED_WAKE}, as often as Axon's default poll.
 */
public final class EventStoreWakeups implements SmartLifecycle {

    static final Duration DISCONNECTED_WAKE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(EventStoreWakeups.class);

    private final DataSource dataSource;
    private final CommitAwareEventStore store;
    private final String ownName;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile long foreignWakes;

    public EventStoreWakeups(DataSource dataSource, CommitAwareEventStore store, String ownName) {
        this.dataSource = dataSource;
        this.store = store;
        this.ownName = ownName;
    }

    /** The channel the trigger notifies for events stored in {@code schema}. */
    static String channel(String schema) {
        return "acp_events_" + schema;
    }

    /** Whether the listening connection is up. */
    public boolean listening() {
        return listening;
    }

    /** How many times a notification from another writer woke the store. */
    public long foreignWakes() {
        return foreignWakes;
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                String schema;
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("select current_schema()")) {
                    rs.next();
                    schema = rs.getString(1);
                }
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN \"" + channel(schema).replace("\"", "\"\"") + '"');
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (!listening) {
                    log.info("event store wakes on other replicas' notifications on {} (this one is {})",
                            channel(schema), ownName);
                }
                listening = true;
                backoff = 100;
                store.wake(); // whatever was stored while nobody listened
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(10_000);
                    if (notifications != null && fromAnotherWriter(notifications)) {
                        foreignWakes++;
                        store.wake();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (listening) {
                    log.warn("event store notifications lost their connection; the store polls every {} until it is"
                            + " back: {}", DISCONNECTED_WAKE, e.getMessage());
                }
                listening = false;
                waitWaking(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        listening = false;
    }

    private boolean fromAnotherWriter(PGNotification[] notifications) {
        for (PGNotification n : notifications) {
            if (!ownName.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** Sleeps {@code millis}, waking the store at least every {@link #DISCONNECTED_WAKE} meanwhile. */
    private void waitWaking(long millis) {
        long end = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (running && System.nanoTime() < end) {
            store.wake();
            try {
                Thread.sleep(Math.min(DISCONNECTED_WAKE.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::listen, "event-store-wakeups");
        t.setDaemon(true);
        t.start();
    }

    /** Does not wait: the thread leaves at its next notification or timeout, or when the pool closes its connection. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
