package org.acpmerchant.orders;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.orders.*}: the permalink base, the merchant API's bearer tokens, and the agent webhook endpoints with
 * their delivery policy.
 */
@ConfigurationProperties("acp.orders")
public record OrderProperties(String permalinkBaseUrl, List<String> merchantApiTokens, Webhooks webhooks) {

    public OrderProperties {
        permalinkBaseUrl = permalinkBaseUrl == null ? "http://localhost:8083/orders/" : permalinkBaseUrl;
        merchantApiTokens = merchantApiTokens == null
                ? List.of()
                : merchantApiTokens.stream().filter(Objects::nonNull).map(String::trim).filter(t -> !t.isEmpty())
                        .toList();
        webhooks = webhooks == null ? new Webhooks(null, null, null, null, null, null, null, null) : webhooks;
    }

    /**
     * Where and how order webhooks go. Endpoints without a URL are ignored; backoff doubles from
     * {@code initialBackoff} up to {@code maxBackoff} with jitter, and a delivery failing longer than {@code horizon}
     * after its first attempt is parked.
     */
    public record Webhooks(
            List<Endpoint> endpoints,
            Boolean allowPrivateTargets,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration horizon,
            Duration connectTimeout,
            Duration requestTimeout,
            Integer batchSize) {
        public Webhooks {
            endpoints = endpoints == null
                    ? List.of()
                    : endpoints.stream().filter(e -> e.url() != null && !e.url().isBlank()).toList();
            allowPrivateTargets = allowPrivateTargets != null && allowPrivateTargets;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
            horizon = horizon == null ? Duration.ofHours(72) : horizon;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
            batchSize = batchSize == null ? 20 : batchSize;
            if (endpoints.stream().map(Endpoint::name).distinct().count() != endpoints.size()) {
                throw new IllegalArgumentException("webhook endpoint names must be unique");
            }
            for (Endpoint endpoint : endpoints) {
                if (endpoint.secret() == null || endpoint.secret().isBlank()) {
                    throw new IllegalArgumentException("webhook endpoint " + endpoint.name() + " has no secret");
                }
            }
        }
    }

    /** One agent endpoint: a stable name (part of every delivery's key), URL, signing secret, ACP API version. */
    public record Endpoint(String name, String url, String secret, String apiVersion) {
        public Endpoint {
            name = name == null || name.isBlank() ? "agent" : name;
            apiVersion = apiVersion == null || apiVersion.isBlank() ? "2026-04-17" : apiVersion;
        }
    }
}
