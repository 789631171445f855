package org.acpmerchant.platform.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes the event stores of a service's other replicas when this one has committed events, and this one's when they
 * have (ADR 0051). Each replica listens on {@code acp_events_<schema>}; after a commit that stored events it sends
 * {@code pg_notify} on that channel with its own id, from a connection of its own, outside the transaction that stored
 * them (a {@code NOTIFY} inside it would hold PostgreSQL's notification lock through the commit, and every commit of
 * the database would queue behind it: measured, 12.3 against 9.4 to 10.6 checkouts/s). Commits that come while one
 * announcement is being sent are told by the next, so a busy replica sends one at a time. A replica announces only
 * while another replica listens on its channel (checked every {@link #peerCheck}): alone, as in the local stack, it
 * sends nothing. Notifications carrying this replica's own id are skipped (its commits wake its store directly). With
 * these wake-ups the store reads its table only when something was stored, and its own poll is a slow safety net;
 * while the listening connection is down, the store is woken every {@link #DISCONNECTED_WAKE}.
 */
public final class EventStoreWakeups implements SmartLifecycle {

    static final Duration DISCONNECTED_WAKE = Duration.ofSeconds(1);
    static final Duration PEER_CHECK = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(EventStoreWakeups.class);

    private final DataSource dataSource;
    private final CommitAwareEventStore store;
    private final Duration peerCheck;
    private final String ownId = UUID.randomUUID().toString();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile boolean peers;
    private volatile String channel;
    private volatile Thread announcer;
    private volatile long foreignWakes;
    private volatile long announcements;

    public EventStoreWakeups(DataSource dataSource, CommitAwareEventStore store) {
        this(dataSource, store, PEER_CHECK);
    }

    EventStoreWakeups(DataSource dataSource, CommitAwareEventStore store, Duration peerCheck) {
        this.dataSource = dataSource;
        this.store = store;
        this.peerCheck = peerCheck;
        store.announceCommitsWith(this::announce);
    }

    /** The channel of the events stored in {@code schema}. */
    static String channel(String schema) {
        return "acp_events_" + schema;
    }

    private static String listenStatement(String channel) {
        return "LISTEN \"" + channel.replace("\"", "\"\"") + '"';
    }

    /** Whether the listening connection is up. */
    public boolean listening() {
        return listening;
    }

    /** Whether another replica listens on this service's channel, so this one announces its commits. */
    public boolean peers() {
        return peers;
    }

    /** How many times a notification from another replica woke the store. */
    public long foreignWakes() {
        return foreignWakes;
    }

    /** How many notifications this replica sent. */
    public long announcements() {
        return announcements;
    }

    /**
     * After a commit that stored events: tells the other replicas, if there are any. True when an announcement is
     * due (this call's or one already queued, which tells of this commit too).
     */
    boolean announce() {
        if (!peers) {
            return false;
        }
        if (pending.compareAndSet(false, true)) {
            LockSupport.unpark(announcer);
        }
        return true;
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
                String ch = channel(schema);
                try (Statement s = connection.createStatement()) {
                    s.execute(listenStatement(ch));
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                int listenerPid = pg.getBackendPID();
                if (!listening) {
                    log.info("event store woken by the other replicas' commits on {} (this replica is {})", ch, ownId);
                }
                channel = ch;
                listening = true;
                backoff = 100;
                store.wake(); // whatever was stored while nobody listened
                checkPeers(ch, listenerPid);
                long nextPeerCheck = System.nanoTime() + peerCheck.toNanos();
                while (running) {
                    long wait = Math.max(1, (nextPeerCheck - System.nanoTime()) / 1_000_000);
                    PGNotification[] notifications = pg.getNotifications((int) Math.min(wait, Integer.MAX_VALUE));
                    if (notifications != null && fromAnotherReplica(notifications)) {
                        foreignWakes++;
                        store.wake();
                    }
                    if (System.nanoTime() - nextPeerCheck >= 0) {
                        checkPeers(ch, listenerPid);
                        nextPeerCheck = System.nanoTime() + peerCheck.toNanos();
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

    /** Another replica listens when another session's last statement is this channel's LISTEN. */
    private void checkPeers(String ch, int listenerPid) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select exists (select 1 from pg_stat_activity"
                        + " where datname = current_database() and pid <> ? and query = ?)")) {
            s.setInt(1, listenerPid);
            s.setString(2, listenStatement(ch));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean now = rs.getBoolean(1);
                if (now != peers) {
                    log.info("{} on {}: {}", now ? "other replicas listen" : "no other replica listens", ch,
                            now ? "this one announces its commits" : "this one stops announcing");
                }
                peers = now;
            }
        }
    }

    private boolean fromAnotherReplica(PGNotification[] notifications) {
        for (PGNotification n : notifications) {
            if (!ownId.equals(n.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** Sends one notification per burst of commits, on a connection whose commits need not wait for the disk. */
    private void announceLoop() {
        while (running) {
            if (!pending.get()) {
                LockSupport.park(); // until announce() or stop() unparks it; a spurious return loops
                continue;
            }
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    // A notification is not durable anyway; its commit need not wait for the WAL flush.
                    s.execute("set synchronous_commit = off");
                }
                try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                    while (running && pending.getAndSet(false)) {
                        String ch = channel;
                        if (ch != null) {
                            notify.setString(1, ch);
                            notify.setString(2, ownId);
                            notify.execute();
                            announcements++;
                        }
                        if (!pending.get()) {
                            LockSupport.parkNanos(peerCheck.toNanos());
                        }
                    }
                } finally {
                    try (Statement s = connection.createStatement()) {
                        s.execute("reset synchronous_commit");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("could not announce stored events to the other replicas (they poll): {}", e.getMessage());
                    LockSupport.parkNanos(DISCONNECTED_WAKE.toNanos());
                }
            }
        }
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
        Thread listener = new Thread(this::listen, "event-store-wakeups");
        listener.setDaemon(true);
        Thread a = new Thread(this::announceLoop, "event-store-announcer");
        a.setDaemon(true);
        announcer = a;
        listener.start();
        a.start();
    }

    /** Does not wait: the threads leave at their next wake-up, or when the pool closes their connections. */
    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(announcer);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
