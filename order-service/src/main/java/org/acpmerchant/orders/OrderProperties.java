package org.acpmerchant.orders;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code acp.orders.*}: the permalink base, the merchant API's bearer tokens, the agent webhook endpoints with
 * their delivery policy, and who confirms orders: {@code on-capture} (default: confirmed when the payment is
 * captured) or {@code merchant} (the capture is recorded; the merchant confirms through its API).
 */
@ConfigurationProperties("acp.orders")
public record OrderProperties(
        String permalinkBaseUrl, List<String> merchantApiTokens, Webhooks webhooks, String confirmation) {

    @ConstructorBinding
    public OrderProperties {
        confirmation = confirmation == null || confirmation.isBlank() ? "on-capture" : confirmation;
        if (!List.of("on-capture", "merchant").contains(confirmation)) {
            throw new IllegalArgumentException("acp.orders.confirmation must be on-capture or merchant");
        }
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
    public OrderProperties(String permalinkBaseUrl, List<String> merchantApiTokens, Webhooks webhooks) {
        this(permalinkBaseUrl, merchantApiTokens, webhooks, null);
    }

    public record Webhooks(
            List<Endpoint> endpoints,
            Boolean allowPrivateTargets,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration horizon,
            Duration connectTimeout,
            Duration requestTimeout,
            Integer batchSize,
            Integer dispatchThreads) {
        @org.springframework.boot.context.properties.bind.ConstructorBinding
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
            dispatchThreads = dispatchThreads == null ? 4 : Math.max(1, dispatchThreads);
            if (endpoints.stream().map(Endpoint::name).distinct().count() != endpoints.size()) {
                throw new IllegalArgumentException("webhook endpoint names must be unique");
            }
            for (Endpoint endpoint : endpoints) {
                if (endpoint.secret() == null || endpoint.secret().isBlank()) {
                    throw new IllegalArgumentException("webhook endpoint " + endpoint.name() + " has no secret");
                }
            }
        }

        /** With the default number of dispatch threads. */
        public Webhooks(List<Endpoint> endpoints, Boolean allowPrivateTargets, Duration initialBackoff,
                Duration maxBackoff, Duration horizon, Duration connectTimeout, Duration requestTimeout,
                Integer batchSize) {
            this(endpoints, allowPrivateTargets, initialBackoff, maxBackoff, horizon, connectTimeout, requestTimeout,
                    batchSize, null);
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
