package org.acpmerchant.checkout.edge;

/**
 * An ACP idempotency key in its scope (the authenticated agent and the request path or MCP tool scope), with the id
 * of the claim the running request holds on it.
 */
public record IdempotencyKey(String agent, String scope, String key, String claimId) {

    /** Why a present {@code Idempotency-Key} value is refused (too long, not printable ASCII), or null. */
    public static AcpException malformed(String key) {
        if (key.length() > 255) {
            return AcpException.invalid("invalid", "Idempotency-Key must be at most 255 characters", null);
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return AcpException.invalid("invalid", "Idempotency-Key must be printable ASCII without spaces", null);
        }
        return null;
    }
}
