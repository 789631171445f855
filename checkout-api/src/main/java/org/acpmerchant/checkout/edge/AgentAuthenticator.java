package org.acpmerchant.checkout.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.checkout.CheckoutProperties;

/**
 * Bearer tokens per agent platform, stored only as SHA-256 hashes; several may be valid at once for rotation.
 * Every configured hash is compared, in constant time, whatever matched earlier.
 */
public class AgentAuthenticator {

    private record Credential(String agentId, byte[] hash) {}

    private final List<Credential> credentials;

    public AgentAuthenticator(List<CheckoutProperties.Agent> agents) {
        this.credentials = agents.stream()
                .flatMap(a -> a.tokenSha256().stream()
                        .filter(h -> h != null && !h.isBlank())
                        .map(h -> new Credential(a.id(), HexFormat.of().parseHex(h.trim().toLowerCase()))))
                .toList();
    }

    public Optional<String> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorizationHeader.substring(7).trim());
        String matched = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(c.hash(), presented) && matched == null) {
                matched = c.agentId();
            }
        }
        return Optional.ofNullable(matched);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
