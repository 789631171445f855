package org.acpmerchant.orders.ops;

/**
 * What order-service presents to the other services' ops APIs (the audit timeline, searches, remote rebuilds): a
 * bearer caller's own {@code Authorization}, else, for a console session (a cookie, no token to pass on),
 * {@code acp.ops.upstream-token}; null when there is neither.
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
