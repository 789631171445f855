package org.acpmerchant.checkout.session.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session view projection folds event n into a held state only when that state is the one after event n - 1. */
class RecentStatesTest {

    private static SessionState state(String id, long version) {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        return new SessionState(id, "agent", SessionStatus.READY_FOR_PAYMENT, null, null, null, List.of(), null, t, t,
                t.plusSeconds(1800), version);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 1, 2, 4, 5, 6, 100})
    void onlyTheEventRightAfterTheHeldOneFoldsIntoIt(long next) {
        RecentStates recent = new RecentStates(8);
        recent.put("cs_1", 4, state("cs_1", 3));

        assertThat(recent.before("cs_1", next)).as("event %d after a state at event 4", next)
                .isEqualTo(next == 5 ? Optional.of(state("cs_1", 3)) : Optional.empty());
        assertThat(recent.before("cs_2", next)).isEmpty();
    }

    @Test
    void aCommitThatFinishesLateDoesNotReplaceALaterState() {
        RecentStates recent = new RecentStates(8);
        recent.put("cs_1", 7, state("cs_1", 7));
        recent.put("cs_1", 6, state("cs_1", 6));

        assertThat(recent.before("cs_1", 8)).contains(state("cs_1", 7));
        assertThat(recent.before("cs_1", 7)).isEmpty();
    }

    @Test
    void aStateWithoutAnEventNumberDropsTheHeldOne() {
        RecentStates recent = new RecentStates(8);
        recent.put("cs_1", 3, state("cs_1", 3));
        recent.put("cs_1", RecentStates.UNKNOWN, state("cs_1", 4));

        assertThat(recent.before("cs_1", 4)).isEmpty();
        assertThat(recent.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedSessionsMakeRoom() {
        RecentStates recent = new RecentStates(3);
        for (int i = 0; i < 3; i++) {
            recent.put("cs_" + i, 0, state("cs_" + i, 1));
        }
        assertThat(recent.before("cs_0", 1)).isPresent();
        recent.put("cs_3", 0, state("cs_3", 1));

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.before("cs_1", 1)).as("least recently used").isEmpty();
        assertThat(recent.before("cs_0", 1)).isPresent();
        assertThat(recent.before("cs_3", 1)).isPresent();
    }
}
