package org.acpmerchant.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every service: a request whose path is not already in its one canonical form is refused
 * (400) before any token filter, controller, store or log sees it. Percent-encoding, path parameters ({@code ;}),
 * backslashes, empty, {@code .} or {@code ..} segments, control and non-ASCII characters all give one path several
 * spellings, and a check that reads one spelling while the router reads another is how authentication gets
 * bypassed ({@code /%63heckout_sessions}). None of our APIs needs any of them in a path: every identifier is plain
 * ASCII. Query strings are not affected.
 */
public class PathFirewall extends OncePerRequestFilter {

    /** The longest path accepted; identifiers are far shorter. */
    public static final int MAX_PATH_LENGTH = 512;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request.getRequestURI());
        if (problem != null) {
            JsonErrors.write(response, 400, JsonErrors.body("invalid_request", "invalid_path", problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why {@code path} (the raw request URI, without query) is refused, or null when it is canonical. */
    public static String problem(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "The request path must start with '/'.";
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return "The request path is longer than " + MAX_PATH_LENGTH + " characters.";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == ';' || c == '\\') {
                return "The request path may contain only unencoded printable ASCII, without '%', ';' or '\\'.";
            }
        }
        if (path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/..")) {
            return "The request path may not contain empty, '.' or '..' segments.";
        }
        return null;
    }
}
