package org.acpmerchant.checkout.session.protocol;

import java.util.concurrent.CompletionException;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.IdempotentExecution;
import org.acpmerchant.checkout.session.domain.SessionRuleViolation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;

/** How a failed session operation is answered, whatever the transport. */
public final class SessionErrors {

    private SessionErrors() {}

    public static AcpException toAcp(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CommandExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SessionRuleViolation v) {
            return switch (v.kind()) {
                case NOT_CANCELABLE -> AcpException.of(405, "session_not_cancelable", v.getMessage());
                case NOT_MODIFIABLE -> AcpException.of(409, "session_not_modifiable", v.getMessage());
                case NOT_READY -> AcpException.of(409, "session_not_ready", v.getMessage());
                case AUTHENTICATION_REQUIRED -> AcpException.invalid("requires_3ds", v.getMessage(), "$.authentication_result");
                case COMPLETION_IN_PROGRESS -> new AcpException(409, "invalid_request", "complete_in_progress",
                        v.getMessage(), null, null, 1);
            };
        }
        if (cause instanceof ConcurrencyException) {
            return new AcpException(409, "invalid_request", "concurrent_modification",
                    "The session changed concurrently; retry the request.", null, null, 1);
        }
        return IdempotentExecution.toAcp(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    }
}
