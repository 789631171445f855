package org.acpmerchant.checkout.edge.versions;

/**
 * What the calling HTTP request tells us about the client, used where an older version requires data the canonical
 * model does not carry: {@code authentication_metadata.channel} (required up to 2026-01-30, dropped in 2026-04-17)
 * describes a browser. Any field may be null; sensible defaults are used then.
 */
public record ClientHints(String acceptHeader, String userAgent, String acceptLanguage, String ipAddress) {

    public static final ClientHints NONE = new ClientHints(null, null, null, null);
}
