package org.acpmerchant.checkout.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    public AcpEdgeFilter(AgentAuthenticator authenticator, int maxBodyBytes) {
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/checkout_sessions");
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
        } catch (AcpException e) {
            AcpErrors.write(response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
