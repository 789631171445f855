package org.acpmerchant.checkout.session.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells a waiting HTTP {@code complete} that its session's attempt has settled, by push instead of polling. The
 * session-view projection calls {@link #announce} in the transaction that writes the settled view; PostgreSQL delivers
 * the {@code NOTIFY} at commit to every replica's listener (so a saga step decided on another instance wakes the right
 * waiter), and only then. While the listening connection is down, waiters fall back to reading the view every
 * {@link #FALLBACK_POLL}; after it reconnects every waiter is woken once, since notifications in between are lost.
 */
public class SessionSettlements implements SmartLifecycle {

    static final String CHANNEL = "acp_session_settled";
    static final Duration FALLBACK_POLL = Duration.ofMillis(100);
    static final Duration HEALTHY_RECHECK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SessionSettlements.class);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Thread listener;

    public SessionSettlements(DataSource dataSource, JdbcTemplate jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** Inside the transaction that writes a settled view: wakes its waiters once that transaction commits. */
    public void announce(String sessionId) {
        jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, sessionId);
    }

    /** A registration made before the effect is sent, so that a settlement in between is never missed. */
    public Waiter register(String sessionId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.compute(sessionId, (id, set) -> {
            Set<CompletableFuture<Void>> s = set == null ? new HashSet<>() : set;
            s.add(signal);
            return s;
        });
        return new Waiter(sessionId, signal);
    }

    /** How long a waiter may sleep before it re-reads the view even without a signal. */
    Duration recheckInterval() {
        return listening ? HEALTHY_RECHECK : FALLBACK_POLL;
    }

    boolean listening() {
        return listening;
    }

    void wake(String sessionId) {
        Set<CompletableFuture<Void>> signals = waiting.remove(sessionId);
        if (signals != null) {
            signals.forEach(f -> f.complete(null));
        }
    }

    private void wakeAll() {
        waiting.keySet().forEach(this::wake);
    }

    /** One waiter on one session; close it when done. */
    public final class Waiter implements AutoCloseable {
        private final String sessionId;
        private CompletableFuture<Void> signal;

        private Waiter(String sessionId, CompletableFuture<Void> signal) {
            this.sessionId = sessionId;
            this.signal = signal;
        }

        /**
         * Sleeps until the session may have changed or {@code max} (capped by the recheck interval) passed; true when
         * it was woken by a signal. Re-arms itself, so the caller re-reads the view and calls this again.
         */
        public boolean await(Duration max) {
            Duration wait = max.compareTo(recheckInterval()) < 0 ? max : recheckInterval();
            try {
                signal.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
                close();
                signal = register(sessionId).signal;
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            CompletableFuture<Void> mine = signal;
            waiting.computeIfPresent(sessionId, (id, set) -> {
                set.remove(mine);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                backoff = 100;
                wakeAll();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            wake(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listening) {
                    log.warn("settlement listener lost its connection; completes poll until it is back: {}",
                            e.getMessage());
                }
                listening = false;
                wakeAll();
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        listening = false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::listen, "session-settlements");
        t.setDaemon(true);
        listener = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = listener;
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
