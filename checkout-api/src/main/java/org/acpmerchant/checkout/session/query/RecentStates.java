package org.acpmerchant.checkout.session.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.checkout.session.domain.SessionState;

/**
 * The session views this replica committed last, each with the number of the session's event it reflects: the
 * {@link SessionViewProjection} folds a session's next event into it instead of reading and parsing the stored row.
 * Bounded (least recently used out); a state is never newer than the database, since it is put after the commit.
 */
final class RecentStates {

    static final long UNKNOWN = -1;

    private record Entry(long sequence, SessionState state) {}

    private final Map<String, Entry> entries;

    RecentStates(int capacity) {
        this.entries = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The state after the event just before {@code sequence}, if that is the one held. */
    synchronized Optional<SessionState> before(String sessionId, long sequence) {
        Entry entry = entries.get(sessionId);
        return entry != null && sequence != UNKNOWN && entry.sequence() == sequence - 1
                ? Optional.of(entry.state()) : Optional.empty();
    }

    /**
     * Keeps the state after {@code sequence}, unless a later one is held (commits may finish out of order); a state
     * whose event has no number is not kept, and the one held is dropped.
     */
    synchronized void put(String sessionId, long sequence, SessionState state) {
        if (sequence == UNKNOWN) {
            entries.remove(sessionId);
            return;
        }
        Entry held = entries.get(sessionId);
        if (held == null || held.sequence() < sequence) {
            entries.put(sessionId, new Entry(sequence, state));
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
