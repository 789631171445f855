package org.acpmerchant.checkout.session.api;

/** The canonical session status (ACP 2026-04-17 values); older API versions map it down at the edge. */
public enum SessionStatus {
    NOT_READY_FOR_PAYMENT("not_ready_for_payment"),
    READY_FOR_PAYMENT("ready_for_payment"),
    AUTHENTICATION_REQUIRED("authentication_required"),
    COMPLETE_IN_PROGRESS("complete_in_progress"),
    COMPLETED("completed"),
    CANCELED("canceled"),
    EXPIRED("expired");

    private final String wire;

    SessionStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean terminal() {
        return this == COMPLETED || this == CANCELED || this == EXPIRED;
    }

    /** Whether a session in this status lapses at its {@code expires_at}: open, and no completion in flight. */
    public boolean expires() {
        return this == NOT_READY_FOR_PAYMENT || this == READY_FOR_PAYMENT || this == AUTHENTICATION_REQUIRED;
    }
}
