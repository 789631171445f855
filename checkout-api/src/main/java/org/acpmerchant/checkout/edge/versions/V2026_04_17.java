package org.acpmerchant.checkout.edge.versions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.acpmerchant.checkout.edge.AcpException;

/**
 * ACP 2026-04-17, the canonical version: {@code AcpRequestParser} reads its requests and {@code AcpSessionRenderer}
 * writes its responses, so both mappings are the identity. Idempotency is mandatory (400 without a key, 422 on a
 * conflicting reuse, 409 + Retry-After while in flight).
 */
public final class V2026_04_17 extends AcpVersion {

    public static final String NAME = "2026-04-17";

    V2026_04_17() {
        super(NAME, null);
    }

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        return request;
    }

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        return session;
    }

    @Override
    public boolean idempotencyKeyRequired() {
        return true;
    }

    @Override
    public AcpException idempotencyConflict() {
        return new AcpException(422, "invalid_request", "idempotency_conflict",
                "Idempotency-Key has already been used with a different request body", null, null, null);
    }
}
