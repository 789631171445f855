package org.acpmerchant.platform.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /ops/**} with the ops role's own bearer tokens, stored only as SHA-256 hashes and compared in
 * constant time against every configured hash. The accepted caller is {@code ops:<first 12 hex of its hash>}, set as
 * the request attribute {@link #ACTOR} for the audit metadata of the commands it sends.
 */
public class OpsTokenFilter extends OncePerRequestFilter {

    public static final String ACTOR = OpsTokenFilter.class.getName() + ".actor";

    private final List<byte[]> hashes;

    public OpsTokenFilter(List<String> tokenSha256) {
        this.hashes = tokenSha256.stream().map(h -> HexFormat.of().parseHex(h.toLowerCase())).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = sha256(header.substring(7).trim());
            boolean match = false;
            for (byte[] hash : hashes) {
                match |= MessageDigest.isEqual(hash, presented);
            }
            if (match) {
                request.setAttribute(ACTOR, "ops:" + HexFormat.of().formatHex(presented).substring(0, 12));
                chain.doFilter(request, response);
                return;
            }
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setContentType("application/json");
        response.getWriter().write(
                "{\"type\":\"invalid_request\",\"code\":\"unauthorized\",\"message\":\"Missing or invalid ops token.\"}");
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
