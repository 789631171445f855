package org.acpmerchant.checkout.edge;

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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The checks every ACP request passes before a controller sees it: {@code Request-Id} echoed, bearer
 * authentication (401), {@code API-Version} (400 with {@code supported_versions}) and a body size limit (413).
 */
public class AcpEdgeFilter extends OncePerRequestFilter {

    public static final String AGENT_ATTRIBUTE = "acp.agent";
    public static final String VERSION_ATTRIBUTE = "acp.version";

    private final AgentAuthenticator authenticator;
    private final int maxBodyBytes;
    private final Map<String, RequestSignatureVerifier.Settings> signing;
    private final RequestSignatureVerifier verifier;

    public AcpEdgeFilter(AgentAuthenticator authenticator, int maxBodyBytes,
            Map<String, RequestSignatureVerifier.Settings> signing, RequestSignatureVerifier verifier) {
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
        this.signing = Map.copyOf(signing);
        this.verifier = verifier;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/checkout_sessions") && !uri.startsWith("/carts");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader("Request-Id");
        if (requestId != null && requestId.length() <= 200) {
            response.setHeader("Request-Id", requestId);
        }
        try {
            String agent = authenticator.authenticate(request.getHeader("Authorization"))
                    .orElseThrow(() -> AcpException.of(401, "unauthorized", "A valid bearer token is required."));
            request.setAttribute(AGENT_ATTRIBUTE, agent);
            request.setAttribute(VERSION_ATTRIBUTE, ApiVersions.require(request.getHeader("API-Version")));
            if (request.getContentLengthLong() > maxBodyBytes) {
                throw AcpException.of(413, "request_too_large",
                        "The request body is larger than " + maxBodyBytes + " bytes.");
            }
            RequestSignatureVerifier.Settings settings = signing.get(agent);
            if (settings != null) {
                byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
                if (body.length > maxBodyBytes) {
                    throw AcpException.of(413, "request_too_large",
                            "The request body is larger than " + maxBodyBytes + " bytes.");
                }
                verifier.verify(settings, request.getHeader("Signature"), request.getHeader("Timestamp"), body);
                request = new CachedBodyRequest(request, body);
            }
        } catch (AcpException e) {
            AcpErrors.write(response, e);
            return;
        }
        chain.doFilter(request, response);
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
