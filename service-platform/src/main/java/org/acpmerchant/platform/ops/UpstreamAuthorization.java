package org.acpmerchant.platform.ops;

/**
 * What a service presents to another service's ops API (order-service's audit timeline, searches and remote
 * rebuilds; pricing's what-if reading checkout's recorded prices): a bearer caller's own {@code Authorization}, else,
 * for a console session (a cookie, no token to pass on), {@code acp.ops.upstream-token}; null when there is neither.
 */
public final class UpstreamAuthorization {

    private final String token;

    public UpstreamAuthorization(String token) {
        this.token = token == null ? "" : token;
    }

    public String forCaller(String callerAuthorization) {
        return callerAuthorization != null ? callerAuthorization : token.isBlank() ? null : "Bearer " + token;
    }
}
