package org.acpmerchant.payment.payment.domain;

import java.time.Instant;

/**
 * What the PSP told us (webhooks) about delegated credentials: used, or deactivated by the buyer or the agent. Keeps
 * only a hash of each token, never the token.
 */
public interface CredentialRegistry {

    /** True once the PSP reported the credential deactivated: authorizations with it are refused without a PSP call. */
    boolean isDeactivated(String credentialToken);

    /** Records that the PSP reported the credential used (a charge was made with it). */
    void recordUsed(String credentialToken, Instant at);

    /** Records that the PSP reported the credential deactivated (revoked or expired). */
    void recordDeactivated(String credentialToken, Instant at);
}
