package org.acpmerchant.checkout.session.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.acpmerchant.checkout.session.Fixtures;
import org.acpmerchant.checkout.session.api.SessionStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one expiry rule, over every status and around the expiry instant: an open session lapses at its
 * {@code expires_at} (not a millisecond before), one with a completion in flight or a final status never does, and
 * the status an agent is shown follows.
 */
class SessionLapseTest {

    static final Instant EXPIRES = Fixtures.T0.plus(Duration.ofMinutes(30));

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void anOpenSessionLapsesAtItsExpiry_andNothingElseEver(SessionStatus status) {
        SessionState state = new SessionState(Fixtures.SESSION, "agent", status, Fixtures.inputs(),
                Fixtures.payableQuote(), null, List.of(), null, Fixtures.T0, Fixtures.T0, EXPIRES, 1);
        boolean open = status == SessionStatus.NOT_READY_FOR_PAYMENT || status == SessionStatus.READY_FOR_PAYMENT
                || status == SessionStatus.AUTHENTICATION_REQUIRED;
        for (Instant at : List.of(Fixtures.T0, EXPIRES.minusMillis(1), EXPIRES, EXPIRES.plusMillis(1),
                EXPIRES.plus(Duration.ofDays(400)))) {
            boolean lapsed = open && !at.isBefore(EXPIRES);
            assertThat(state.lapsedAt(at)).as(status + " at " + at).isEqualTo(lapsed);
            assertThat(state.statusAt(at)).as(status + " at " + at).isEqualTo(lapsed ? SessionStatus.EXPIRED : status);
        }
        assertThat(status.expires()).isEqualTo(open);
    }
}
