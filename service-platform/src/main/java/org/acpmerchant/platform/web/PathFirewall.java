package org.acpmerchant.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every service: a request whose path is not already in its one canonical form is refused
 * (400) before any token filter, controller, store or log sees it. Percent-encoding, path parameters ({@code ;}),
 * backslashes, empty, {@code .} or {@code ..} segments, control and non-ASCII characters all give one path several
 * spellings, and a check that reads one spelling while the router reads another is how authentication gets
 * bypassed ({@code /%63heckout_sessions}). None of our APIs needs any of them in a path: every identifier is plain
 * ASCII. Query strings are not affected. It also bounds every request body ({@code acp.platform.max-request-bytes},
 * 1 MiB): a declared length above it is a 413 before anything reads it, an undeclared (chunked) one stops being read
 * there — the Stripe webhook, the merchant and ops APIs included.
 */
public class PathFirewall extends OncePerRequestFilter {

    /** The longest path accepted; identifiers are far shorter. */
    public static final int MAX_PATH_LENGTH = 512;

    private final long maxBodyBytes;

    public PathFirewall() {
        this(1024 * 1024);
    }

    public PathFirewall(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request.getRequestURI());
        if (problem != null) {
            JsonErrors.write(response, 400, JsonErrors.body("invalid_request", "invalid_path", problem));
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            JsonErrors.write(response, 413, JsonErrors.body("invalid_request", "request_too_large",
                    "The request body is larger than " + maxBodyBytes + " bytes."));
            return;
        }
        boolean undeclared = request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null;
        chain.doFilter(undeclared ? new BoundedBodyRequest(request, maxBodyBytes) : request, response);
    }

    /** A request of undeclared length whose body ends in an error past {@code max} bytes. */
    private static final class BoundedBodyRequest extends HttpServletRequestWrapper {
        private final long max;

        BoundedBodyRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > max) {
                        throw new IOException("request body larger than " + max + " bytes");
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
        }
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
