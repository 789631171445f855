package org.acpmerchant.events.checkout;

/**
 * The 3DS result the agent sent on complete ({@code authentication_result}), reduced to what the PSP needs.
 * {@code outcome} is the ACP outcome value (e.g. {@code authenticated}, {@code denied}).
 */
public record AuthenticationOutcome(
        String outcome, String electronicCommerceIndicator, String cryptogram, String transactionId, String version) {}
