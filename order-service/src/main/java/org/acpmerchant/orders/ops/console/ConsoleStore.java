package org.acpmerchant.orders.ops.console;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.platform.ops.OpsActionLog;
import org.acpmerchant.platform.ops.OpsSessions;
import org.acpmerchant.platform.ops.OpsTokenFilter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console's sessions and the ops action record, in order-service's schema so that every replica sees the same
 * ones. A session's cookie value is 32 random bytes; only its SHA-256 is stored, with the actor, the role, the CSRF
 * token its writes must carry and its expiry (8 hours after sign-in).
 */
public class ConsoleStore implements OpsSessions, OpsActionLog {

    public static final Duration LIFETIME = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ConsoleStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new session; returns the cookie's value. */
    public String open(OpsTokenFilter.Caller caller, String remoteAddress, String userAgent) {
        String id = random();
        Instant now = clock.instant();
        jdbc.update("delete from ops_console_session where expires_at < ?", Timestamp.from(now));
        jdbc.update("insert into ops_console_session (id_sha256, actor, role, csrf, created_at, expires_at,"
                        + " remote_address, user_agent) values (?, ?, ?, ?, ?, ?, ?, ?)",
                OpsTokenFilter.sha256Hex(id), caller.actor(), caller.role().name(), random(), Timestamp.from(now),
                Timestamp.from(now.plus(LIFETIME)), remoteAddress, clip(userAgent));
        return id;
    }

    public void close(String cookieValue) {
        jdbc.update("delete from ops_console_session where id_sha256 = ?", OpsTokenFilter.sha256Hex(cookieValue));
    }

    @Override
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 100) {
            return Optional.empty();
        }
        return jdbc.query("select actor, role, csrf from ops_console_session where id_sha256 = ? and expires_at > ?",
                (rs, i) -> new Session(rs.getString(1), OpsTokenFilter.Role.valueOf(rs.getString(2)), rs.getString(3)),
                OpsTokenFilter.sha256Hex(cookieValue), Timestamp.from(clock.instant())).stream().findFirst();
    }

    @Override
    public void record(Action a) {
        jdbc.update("insert into ops_action (at, actor, role, via, method, path, status, remote_address, user_agent)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(a.at()), a.actor(), a.role(), a.via(), a.method(), clip(a.path()), a.status(),
                a.remoteAddress(), clip(a.userAgent()));
    }

    /** The latest actions, newest first. */
    public List<Map<String, Object>> actions(int limit) {
        return jdbc.queryForList("select at, actor, role, via, method, path, status, remote_address, user_agent"
                + " from ops_action order by id desc limit ?", Math.max(1, Math.min(limit, 500)));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400);
    }
}
