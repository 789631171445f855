package org.acpmerchant.checkout.session.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.events.IntegrationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code session_view} in step with the session's events. A subscribing processor with a propagating error
 * handler: the view is written in the command's own transaction, so a reader never sees a session older than the
 * response that created it, and a failing write fails the command. The events of one transaction (a step and the
 * next step the aggregate takes at once) are folded in memory and written once, just before the commit. Leaving
 * {@code complete_in_progress} is announced to the completes waiting for it ({@link SessionSettlements}).
 *
 * <p>A step folds its first event into the state this replica committed for the session's previous event when it
 * still holds it ({@link RecentStates}), and into the stored row otherwise; the first event of a session folds into
 * nothing. A session's events are numbered without gaps, so the state after event {@code n - 1} is the only state
 * event {@code n} can follow, whoever wrote it (ADR 0039).
 */
@ProcessingGroup(SessionViewProjection.PROCESSING_GROUP)
public class SessionViewProjection {

    public static final String PROCESSING_GROUP = "session-view";

    private final SessionViews views;
    private final SessionSettlements settlements;
    private final Object txKey = new Object();
    private final RecentStates recent = new RecentStates(4096);

    public SessionViewProjection(SessionViews views, SessionSettlements settlements) {
        this.views = views;
        this.settlements = settlements;
    }

    @EventHandler
    public void on(CheckoutSessionEvent event, EventMessage<?> message) {
        apply(event.sessionId(), event, sequenceOf(message));
    }

    @EventHandler
    public void on(IntegrationEvent event, EventMessage<?> message) {
        apply(event.sessionId(), event, sequenceOf(message));
    }

    private static long sequenceOf(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : RecentStates.UNKNOWN;
    }

    private void apply(String sessionId, Object event, long sequence) {
        InTransaction tx = TransactionSynchronizationManager.isSynchronizationActive() ? inTransaction() : null;
        Pending p = tx == null ? null : tx.pending.get(sessionId);
        if (p == null) {
            // A new session is written at once: the write-only records of the same transaction join its row.
            SessionState current = stateBefore(sessionId, sequence);
            SessionState next = SessionEvolution.evolve(current, event);
            if (next == null) {
                if (current != null) {
                    remember(tx, current, sequence);
                }
                return;
            }
            if (tx == null || current == null) {
                write(current == null ? null : current.status(), next);
                remember(tx, next, sequence);
            } else {
                tx.pending.put(sessionId, new Pending(current.status(), next, sequence));
            }
            return;
        }
        SessionState next = SessionEvolution.evolve(p.state, event);
        if (next != null) {
            p.state = next;
        }
        p.sequence = sequence;
    }

    private SessionState stateBefore(String sessionId, long sequence) {
        if (sequence == 0) {
            return null;
        }
        Optional<SessionState> held = recent.before(sessionId, sequence);
        return held.isPresent() ? held.get() : views.find(sessionId).orElse(null);
    }

    /** Once the transaction commits (at once outside one), the state after {@code sequence} is the stored row. */
    private void remember(InTransaction tx, SessionState state, long sequence) {
        if (tx == null) {
            recent.put(state.id(), sequence, state);
        } else {
            tx.committed.add(new Pending(state.status(), state, sequence));
        }
    }

    private InTransaction inTransaction() {
        InTransaction existing = (InTransaction) TransactionSynchronizationManager.getResource(txKey);
        if (existing != null) {
            return existing;
        }
        InTransaction tx = new InTransaction();
        TransactionSynchronizationManager.bindResource(txKey, tx);
        TransactionSynchronizationManager.registerSynchronization(tx);
        return tx;
    }

    /** One transaction's sessions still to write before its commit, and the states to keep once it has committed. */
    private final class InTransaction implements TransactionSynchronization {
        private final Map<String, Pending> pending = new LinkedHashMap<>();
        private final List<Pending> committed = new ArrayList<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            pending.values().forEach(p -> {
                write(p.before, p.state);
                committed.add(p);
            });
            pending.clear();
        }

        @Override
        public void afterCommit() {
            committed.forEach(p -> recent.put(p.state.id(), p.sequence, p.state));
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(txKey);
        }
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
        private long sequence;

        private Pending(SessionStatus before, SessionState state, long sequence) {
            this.before = before;
            this.state = state;
            this.sequence = sequence;
        }
    }
}
