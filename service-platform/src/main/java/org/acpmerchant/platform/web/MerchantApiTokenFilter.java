package org.acpmerchant.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards a service's merchant API ({@code /merchant/**}) with the merchant's own bearer tokens, never the agents' or
 * ops'; compared in constant time; with none configured the merchant API is closed.
 */
public class MerchantApiTokenFilter extends OncePerRequestFilter {

    private final List<byte[]> tokens;

    public MerchantApiTokenFilter(List<String> tokens) {
        this.tokens = tokens.stream().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && accepted(header.substring(7).trim())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.getWriter().write(
                "{\"type\":\"invalid_request\",\"code\":\"unauthorized\",\"message\":\"Missing or invalid bearer token.\"}");
    }

    private boolean accepted(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, given);
        }
        return match;
    }
}
