package org.acpmerchant.checkout.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The checks every request to the gateway passes before a controller sees it: {@code Request-Id} echoed, bearer
 * authentication (401) and the agent's rate limit (429) on every path but the few public or separately guarded ones,
 * and on the ACP resources also the resource id's form (404), {@code API-Version} (400 with
 * {@code supported_versions}) and a body size limit (413). Paths are read as the router reads them (decoded,
 * normalised; {@link org.acpmerchant.platform.web.PathFirewall} has already refused every other spelling), and
 * anything not explicitly public is authenticated: an unknown path is 401 to a stranger, 404 to an agent.
 */
public class AcpEdgeFilter extends OncePerRequestFilter {

    public static final String AGENT_ATTRIBUTE = "acp.agent";
    public static final String VERSION_ATTRIBUTE = "acp.version";
    public static final String SESSION_ATTRIBUTE = "acp.session_id";
    public static final String REQUEST_ID_ATTRIBUTE = "acp.request_id";

    private final AgentAuthenticator authenticator;
    /** The versions served; none until {@link #serving} says (the configuration passes {@code AcpVersions}' names). */
    private java.util.List<String> supported = java.util.List.of();
    private final int maxBodyBytes;
    private final Map<String, RequestSignatureVerifier.Settings> signing;
    private final RequestSignatureVerifier verifier;

    private final AgentRateLimiter rateLimiter;
    private MeterRegistry meters = new SimpleMeterRegistry();

    /** Where refusals are counted by their ACP code ({@code acp_edge_refused_total{code}}, a fixed set). */
    /** The versions this gateway serves, newest first. */
    public AcpEdgeFilter serving(java.util.List<String> versions) {
        this.supported = java.util.List.copyOf(versions);
        return this;
    }

    public AcpEdgeFilter meteredBy(MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    public AcpEdgeFilter(AgentAuthenticator authenticator, int maxBodyBytes,
            Map<String, RequestSignatureVerifier.Settings> signing, RequestSignatureVerifier verifier,
            AgentRateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.signing = Map.copyOf(signing);
        this.verifier = verifier;
    }

    /** Paths served without an agent token: discovery, ops (its own tokens) and actuator. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = routedPath(request);
        return path.equals("/.well-known/acp.json") || path.equals("/ops") || path.startsWith("/ops/")
                || path.equals("/actuator") || path.startsWith("/actuator/");
    }

    /** The path as Spring MVC routes it: within the application, percent-decoded, path parameters removed. */
    static String routedPath(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    private static boolean isAcpResource(String path) {
        return path.equals("/checkout_sessions") || path.startsWith("/checkout_sessions/") || path.equals("/carts")
                || path.startsWith("/carts/");
    }

    /** Every log line of the request names its agent, session and request id (structured logs: as fields). */
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            filter(request, response, chain);
        } finally {
            // the session (also one created by this request) and the Request-Id become attributes of the request's
            // span (AcpRequestObservations)
            String session = MDC.get("session_id");
            if (session != null) {
                request.setAttribute(SESSION_ATTRIBUTE, session);
            }
            String requestId = MDC.get("request_id");
            if (requestId != null) {
                request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
            }
            MDC.remove("agent");
            MDC.remove("session_id");
            MDC.remove("request_id");
        }
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader("Request-Id");
        String path = routedPath(request);
        if (requestId != null && requestId.length() <= 200) {
            response.setHeader("Request-Id", requestId);
        }
        try {
            String agent = authenticator.authenticate(request.getHeader("Authorization")).orElse(null);
            boolean mcp = path.equals("/mcp");
            if (agent == null && mcp) {
                chain.doFilter(request, response); // MCP answers a stranger in JSON-RPC itself
                return;
            }
            if (agent == null) {
                response.setHeader("WWW-Authenticate", "Bearer");
                throw AcpException.of(401, "unauthorized", "A valid bearer token is required.");
            }
            AgentRateLimiter.Decision rate = rateLimiter.acquire(agent);
            response.setHeader("RateLimit-Policy", rateLimiter.policy(agent));
            response.setHeader("RateLimit", "\"agent\";r=" + rate.remaining() + ";t=" + rate.resetSeconds());
            if (!rate.allowed()) {
                throw new AcpException(429, "rate_limit_exceeded", "rate_limited",
                        "This agent is sending more requests than its limit; retry after the given delay.", null, null,
                        (int) Math.min(Integer.MAX_VALUE, rate.retryAfterSeconds()));
            }
            request.setAttribute(AGENT_ATTRIBUTE, agent);
            MDC.put("agent", agent);
            if (requestId != null && requestId.length() <= 100 && requestId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                MDC.put("request_id", requestId);
            }
            if (mcp) {
                request = verifiedIfSigning(request, agent);
                chain.doFilter(request, response);
                return;
            }
            if (!isAcpResource(path)) {
                chain.doFilter(request, response);
                return;
            }
            String id = ResourceIds.idOf(path);
            if (id != null && ResourceIds.valid(id) && path.startsWith("/checkout_sessions/")) {
                MDC.put("session_id", id);
            }
            if (id != null && !ResourceIds.valid(id)) {
                throw path.startsWith("/carts/")
                        ? AcpException.of(404, "not_found", "Cart '" + ResourceIds.shown(id) + "' was not found.")
                        : AcpException.of(404, "session_not_found",
                                "Checkout session '" + ResourceIds.shown(id) + "' was not found.");
            }
            request.setAttribute(VERSION_ATTRIBUTE, VersionHeader.require(request.getHeader("API-Version"), supported));
            String contentType = request.getContentType();
            if (contentType != null && !isJson(contentType)) {
                throw AcpException.of(415, "unsupported_media_type", "The request body must be application/json.");
            }
            if (request.getContentLengthLong() > maxBodyBytes) {
                throw AcpException.of(413, "request_too_large",
                        "The request body is larger than " + maxBodyBytes + " bytes.");
            }
            request = verifiedIfSigning(request, agent);
        } catch (AcpException e) {
            Counter.builder("acp.edge.refused").description("Requests refused by the gateway's edge checks, by code")
                    .tag("code", e.code()).register(meters).increment();
            AcpErrors.write(response, e);
            return;
        }
        chain.doFilter(request, response);
    }

    /** For an agent that must sign: the body read (bounded), its signature verified, and served again. */
    private HttpServletRequest verifiedIfSigning(HttpServletRequest request, String agent) throws IOException {
        RequestSignatureVerifier.Settings settings = signing.get(agent);
        if (settings == null) {
            return request;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw AcpException.of(413, "request_too_large",
                    "The request body is larger than " + maxBodyBytes + " bytes.");
        }
        verifier.verify(settings, request.getHeader("Signature"), request.getHeader("Timestamp"), body);
        return new CachedBodyRequest(request, body);
    }

    /** The request with its body already read (for signature verification), served again to the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }
}
