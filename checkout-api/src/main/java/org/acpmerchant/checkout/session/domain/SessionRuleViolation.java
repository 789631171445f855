package org.acpmerchant.checkout.session.domain;

import org.acpmerchant.checkout.session.api.SessionStatus;

/** A command the session's current state forbids. {@code code} is the ACP error code the edge answers with. */
public class SessionRuleViolation extends RuntimeException {

    private final Kind kind;
    private final SessionStatus status;

    public SessionRuleViolation(Kind kind, SessionStatus status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    public SessionStatus status() {
        return status;
    }

    public enum Kind {
        /** Update or complete of a completed, canceled or expired session. */
        NOT_MODIFIABLE,
        /** Cancel of a completed or canceled session (ACP: 405). */
        NOT_CANCELABLE,
        /** Complete of a session that is not ready for payment. */
        NOT_READY,
        /** Complete without {@code authentication_result} while 3DS is required. */
        AUTHENTICATION_REQUIRED,
        /** Update or cancel while a completion attempt is in flight. */
        COMPLETION_IN_PROGRESS
    }
}
