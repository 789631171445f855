package org.acpmerchant.platform.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Guards {@code /ops/**} with the ops roles' own credentials. A caller is either a bearer token, stored only as a
 * SHA-256 hash and compared in constant time against every configured hash, or (where the service has an
 * {@link OpsSessions}) a signed-in console session cookie, whose writes must carry the session's CSRF token in
 * {@code X-CSRF-Token}. Operators ({@code acp.ops.token-sha256}) may read and act; auditors
 * ({@code acp.ops.auditor-token-sha256}) may only read: any other method answers 403. The caller is
 * {@code ops:<name>} for a hash configured as {@code name:hex}, else {@code ops:<first 12 hex of its hash>}, set as
 * the request attribute {@link #ACTOR} (and its role as {@link #ROLE}) for the audit metadata of the commands it
 * sends. Every write, allowed or not, is handed to the service's {@link OpsActionLog} when it has one.
 */
public class OpsTokenFilter extends org.springframework.web.filter.OncePerRequestFilter {

    public static final String ACTOR = OpsTokenFilter.class.getName() + ".actor";
    public static final String ROLE = OpsTokenFilter.class.getName() + ".role";
    /** The console session's CSRF token, when the caller is a console session. */
    public static final String CSRF = OpsTokenFilter.class.getName() + ".csrf";
    public static final String SESSION_COOKIE = "acp_console";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** A search sent as a POST to keep personal data (a buyer's e-mail) out of URLs: a read all the same. */
    public static final String SEARCH_PATH = "/ops/search";
    /**
     * POSTs that change nothing, open to auditors: the search, and a pricing what-if (its candidate rules are a body,
     * its run writes nothing). The what-if is recorded in the action log all the same: who simulated what, when.
     */
    private static final Set<String> RECORDED_READS = Set.of("/ops/pricing/what-if", "/ops/what-if");
    private static final Set<String> READ_POSTS =
            java.util.stream.Stream.concat(java.util.stream.Stream.of(SEARCH_PATH), RECORDED_READS.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** The ops roles: an operator reads and acts, an auditor only reads. */
    public enum Role {
        OPERATOR, AUDITOR;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /** A known caller. */
    public record Caller(String actor, Role role) {}

    private record Credential(byte[] hash, String actor, Role role) {}

    private final List<Credential> credentials;
    private final OpsSessions sessions;
    private final OpsActionLog actions;

    public OpsTokenFilter(List<String> tokenSha256) {
        this(tokenSha256, List.of(), null, null);
    }

    public OpsTokenFilter(List<String> operatorSha256, List<String> auditorSha256, OpsSessions sessions,
            OpsActionLog actions) {
        List<Credential> all = new ArrayList<>();
        operatorSha256.forEach(h -> all.add(credential(h, Role.OPERATOR)));
        auditorSha256.forEach(h -> all.add(credential(h, Role.AUDITOR)));
        this.credentials = List.copyOf(all);
        this.sessions = sessions;
        this.actions = actions;
    }

    private static Credential credential(String configured, Role role) {
        int colon = configured.lastIndexOf(':');
        String hex = (colon < 0 ? configured : configured.substring(colon + 1)).trim().toLowerCase();
        byte[] hash = HexFormat.of().parseHex(hex);
        String actor = "ops:" + (colon < 0 ? hex.substring(0, 12) : configured.substring(0, colon).trim());
        return new Credential(hash, actor, role);
    }

    /** The caller a token stands for, checked against every configured hash in constant time. */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token.trim());
        Credential found = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(c.hash(), presented) && found == null) {
                found = c;
            }
        }
        return found == null ? Optional.empty() : Optional.of(new Caller(found.actor(), found.role()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean write = !READS.contains(request.getMethod()) && !READ_POSTS.contains(request.getRequestURI());
        boolean recorded = write || ("POST".equals(request.getMethod()) && RECORDED_READS.contains(request.getRequestURI()));
        String header = request.getHeader("Authorization");
        Caller caller = null;
        String via = "api";
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = authenticate(header.substring(7)).orElse(null);
        } else if (sessions != null) {
            String cookie = cookie(request);
            Optional<OpsSessions.Session> session = cookie == null ? Optional.empty() : sessions.find(cookie);
            if (session.isPresent()) {
                via = "console";
                caller = new Caller(session.get().actor(), session.get().role());
                request.setAttribute(CSRF, session.get().csrf());
                String presented = request.getHeader(CSRF_HEADER);
                if (write && (presented == null || !MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), session.get().csrf().getBytes(StandardCharsets.UTF_8)))) {
                    record(request, caller, via, HttpServletResponse.SC_FORBIDDEN);
                    refuse(response, HttpServletResponse.SC_FORBIDDEN, "csrf_failed",
                            "This change was not sent by the console page: reload it and try again.");
                    return;
                }
            }
        }
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Missing or invalid ops token.");
            return;
        }
        request.setAttribute(ACTOR, caller.actor());
        request.setAttribute(ROLE, caller.role());
        if (write && caller.role() == Role.AUDITOR) {
            record(request, caller, via, HttpServletResponse.SC_FORBIDDEN);
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                    "The auditor role can read, not change anything: sign in as an operator.");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (recorded) {
                record(request, caller, via, response.getStatus());
            }
        }
    }

    private void record(HttpServletRequest request, Caller caller, String via, int status) {
        if (actions != null) {
            actions.record(new OpsActionLog.Action(Instant.now(), caller.actor(), caller.role().wireName(), via,
                    request.getMethod(), request.getRequestURI(), status, request.getRemoteAddr(),
                    request.getHeader("User-Agent")));
        }
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (SESSION_COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"type\":\"invalid_request\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    /** The SHA-256 hex of a token, as configured in {@code acp.ops.token-sha256}. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
