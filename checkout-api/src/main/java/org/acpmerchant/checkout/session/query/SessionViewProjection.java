package org.acpmerchant.checkout.session.query;

import org.acpmerchant.checkout.session.api.CheckoutSessionEvent;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps {@code session_view} in step with the session's events. A subscribing processor with a propagating error
 * handler: the view is written in the command's own transaction, so a reader never sees a session older than the
 * response that created it, and a failing write fails the command. Leaving {@code complete_in_progress} is announced
 * to the completes waiting for it ({@link SessionSettlements}).
 */
@ProcessingGroup(SessionViewProjection.PROCESSING_GROUP)
public class SessionViewProjection {

    public static final String PROCESSING_GROUP = "session-view";

    private final SessionViews views;
    private final SessionSettlements settlements;

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
        SessionState current = views.find(sessionId).orElse(null);
        SessionState next = SessionEvolution.evolve(current, event);
        if (next != null) {
            views.save(next);
            if (current != null && current.status() == SessionStatus.COMPLETE_IN_PROGRESS
                    && next.status() != SessionStatus.COMPLETE_IN_PROGRESS) {
                settlements.announce(sessionId);
            }
        }
    }
}
