package org.acpmerchant.platform.ops;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.ops.*}: the ops roles' bearer credentials as SHA-256 hex hashes, each optionally named
 * ({@code name:hex}): operators in {@code token-sha256}, auditors (read only) in {@code auditor-token-sha256}, several
 * for rotation; none configured closes {@code /ops/**}; the other services' base URLs an audit facade calls
 * ({@code services.checkout}, …), and which tracking processors ops may replay ({@code replayable-processors}).
 */
@ConfigurationProperties("acp.ops")
public record OpsProperties(List<String> tokenSha256, List<String> auditorTokenSha256, Map<String, String> services,
        List<String> replayableProcessors) {
    public OpsProperties {
        tokenSha256 = hashes(tokenSha256);
        auditorTokenSha256 = hashes(auditorTokenSha256);
        services = services == null ? Map.of() : Map.copyOf(services);
        replayableProcessors = replayableProcessors == null ? List.of() : List.copyOf(replayableProcessors);
    }

    private static List<String> hashes(List<String> configured) {
        return configured == null
                ? List.of()
                : configured.stream().filter(Objects::nonNull).map(String::trim).filter(h -> !h.isEmpty()).toList();
    }
}
