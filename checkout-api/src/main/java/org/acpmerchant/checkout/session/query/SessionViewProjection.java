package org.acpmerchant.checkout.session.query;

import java.util.LinkedHashMap;
import java.util.Map;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code session_view} in step with the session's events. A subscribing processor with a propagating error
 * handler: the view is written in the command's own transaction, so a reader never sees a session older than the
 * response that created it, and a failing write fails the command. The events of one transaction (a step and the
 * next step the aggregate takes at once) are folded in memory and written once, just before the commit. Leaving
 * {@code complete_in_progress} is announced to the completes waiting for it ({@link SessionSettlements}).
 */
@ProcessingGroup(SessionViewProjection.PROCESSING_GROUP)
public class SessionViewProjection {

    public static final String PROCESSING_GROUP = "session-view";

    private final SessionViews views;
    private final SessionSettlements settlements;
    private final Object pendingKey = new Object();

    public SessionViewProjection(SessionViews views, SessionSettlements settlements) {
        this.views = views;
        this.settlements = settlements;
    }

    @EventHandler
    public void on(CheckoutSessionEvent event) {
        apply(event.sessionId(), event);
    }

    @EventHandler
    public void on(IntegrationEvent event) {
        apply(event.sessionId(), event);
    }

    private void apply(String sessionId, Object event) {
        Map<String, Pending> pending = TransactionSynchronizationManager.isSynchronizationActive()
                ? pendingInTransaction() : null;
        Pending p = pending == null ? null : pending.get(sessionId);
        if (p == null) {
            // A new session is written at once: the write-only records of the same transaction join its row.
            SessionState current = views.find(sessionId).orElse(null);
            SessionState next = SessionEvolution.evolve(current, event);
            if (next == null) {
                return;
            }
            if (pending == null || current == null) {
                write(current == null ? null : current.status(), next);
            } else {
                pending.put(sessionId, new Pending(current.status(), next));
            }
            return;
        }
        SessionState next = SessionEvolution.evolve(p.state, event);
        if (next != null) {
            p.state = next;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Pending> pendingInTransaction() {
        Object existing = TransactionSynchronizationManager.getResource(pendingKey);
        if (existing != null) {
            return (Map<String, Pending>) existing;
        }
        Map<String, Pending> pending = new LinkedHashMap<>();
        TransactionSynchronizationManager.bindResource(pendingKey, pending);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                pending.values().forEach(p -> write(p.before, p.state));
                pending.clear();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(pendingKey);
            }
        });
        return pending;
    }

    private void write(SessionStatus before, SessionState next) {
        views.save(next);
        if (before == SessionStatus.COMPLETE_IN_PROGRESS && next.status() != SessionStatus.COMPLETE_IN_PROGRESS) {
            settlements.announce(next.id());
        }
    }

    private static final class Pending {
        private final SessionStatus before;
        private SessionState state;

        private Pending(SessionStatus before, SessionState state) {
            this.before = before;
            this.state = state;
        }
    }
}
