package org.acpmerchant.platform.ops;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.ops.*}: the ops role's bearer credentials as SHA-256 hex hashes ({@code token-sha256}, several for
 * rotation; none configured closes {@code /ops/**}), the other services' base URLs an audit facade calls
 * ({@code services.checkout}, …), and which tracking processors ops may replay ({@code replayable-processors}).
 */
@ConfigurationProperties("acp.ops")
public record OpsProperties(List<String> tokenSha256, Map<String, String> services, List<String> replayableProcessors) {
    public OpsProperties {
        tokenSha256 = tokenSha256 == null
                ? List.of()
                : tokenSha256.stream().filter(Objects::nonNull).map(String::trim).filter(h -> !h.isEmpty()).toList();
        services = services == null ? Map.of() : Map.copyOf(services);
        replayableProcessors = replayableProcessors == null ? List.of() : List.copyOf(replayableProcessors);
    }
}
