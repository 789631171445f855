package org.acpmerchant.checkout.edge;

/**
 * An ACP idempotency key in its scope (the authenticated agent and the request path or MCP tool scope), with the id
 * of the claim the running request holds on it.
 */
public record IdempotencyKey(String agent, String scope, String key, String claimId) {}
