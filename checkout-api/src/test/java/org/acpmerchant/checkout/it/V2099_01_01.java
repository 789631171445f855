package org.acpmerchant.checkout.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.versions.AcpVersion;
import org.acpmerchant.checkout.edge.versions.ClientHints;
import org.acpmerchant.checkout.edge.versions.Operation;

/**
 * A synthetic ACP version newer than the canonical one, as a future release would be added: one class and one
 * registry line. It renames the session's {@code line_items} to {@code lines}, in requests and responses, and
 * otherwise keeps 2026-04-17's rules.
 */
final class V2099_01_01 extends AcpVersion {

    static final String NAME = "2099-01-01";

    V2099_01_01(AcpVersion next) {
        super(NAME, next);
    }

    @Override
    protected ObjectNode upgradeStep(Operation op, ObjectNode request) {
        rename(request, "lines", "line_items");
        return request;
    }

    @Override
    protected ObjectNode downgradeStep(Operation op, ObjectNode session, ClientHints hints) {
        rename(session, "line_items", "lines");
        if (session.get("protocol") instanceof ObjectNode protocol) {
            protocol.put("version", NAME);
        }
        mapMessageParams(session);
        return session;
    }

    @Override
    protected String requestParam(String param, JsonNode originalRequest) {
        return param.startsWith("$.line_items") ? "$.lines" + param.substring("$.line_items".length()) : param;
    }

    @Override
    protected String sessionParam(String param) {
        return param.startsWith("$.line_items") ? "$.lines" + param.substring("$.line_items".length()) : param;
    }

    @Override
    public boolean idempotencyKeyRequired() {
        return true;
    }

    @Override
    public AcpException idempotencyConflict() {
        return next().idempotencyConflict();
    }
}
