package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.acpmerchant.platform.PlatformProperties;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;

class SparingClaimTokenStoreTest {

    private final AtomicLong now = new AtomicLong();
    private final RecordingStore recorded = new RecordingStore();
    private final SparingClaimTokenStore store =
            new SparingClaimTokenStore(recorded, Duration.ofSeconds(10), now::get);

    @Test
    void anIdleSegmentWritesItsClaimOncePerRefresh() {
        store.fetchToken("relay", 0);
        for (int second = 1; second <= 35; second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            store.extendClaim("relay", 0);
        }
        // claimed at 0 s; written at 10, 20 and 30 s: never more than 10 s between two writes
        assertThat(recorded.calls).containsExactly("fetch relay/0", "extend relay/0", "extend relay/0",
                "extend relay/0");
    }

    @Test
    void storingATokenCountsAsARefresh_perSegment() {
        store.extendClaim("relay", 0);
        store.extendClaim("relay", 1);
        now.set(Duration.ofSeconds(8).toNanos());
        store.storeToken(new GlobalSequenceTrackingToken(4), "relay", 0);
        now.set(Duration.ofSeconds(12).toNanos());
        store.extendClaim("relay", 0);
        store.extendClaim("relay", 1);
        store.extendClaim("saga", 0);
        assertThat(recorded.calls).containsExactly("extend relay/0", "extend relay/1", "store relay/0",
                "extend relay/1", "extend saga/0");
    }

    @Test
    void aReleasedClaimIsWrittenAgainAtOnce() {
        store.extendClaim("relay", 0);
        store.releaseClaim("relay", 0);
        store.extendClaim("relay", 0);
        assertThat(recorded.calls).containsExactly("extend relay/0", "release relay/0", "extend relay/0");
    }

    @Test
    void aClaimThatCannotBeExtendedFailsEveryTime_untilOneSucceeds() {
        recorded.refuse = true;
        assertThatThrownBy(() -> store.extendClaim("relay", 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> store.extendClaim("relay", 0)).isInstanceOf(UnableToClaimTokenException.class);
        recorded.refuse = false;
        store.extendClaim("relay", 0);
        store.extendClaim("relay", 0);
        assertThat(recorded.calls).containsExactly("extend relay/0", "extend relay/0", "extend relay/0");
    }

    @Test
    void aRefreshLongerThanHalfTheClaimTimeoutIsRefusedAtStart() {
        assertThatThrownBy(() -> new PlatformProperties.Processors(null, null, Duration.ofSeconds(30), null,
                Duration.ofSeconds(16), null)).hasMessageContaining("claim-refresh");
        assertThat(new PlatformProperties.Processors(null, null, null, null, null, null).claimRefresh())
                .isEqualTo(Duration.ofSeconds(10));
    }

    /** Axon's token store contract, recording which calls reached it. */
    private static final class RecordingStore implements TokenStore {
        final List<String> calls = new ArrayList<>();
        boolean refuse;

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            calls.add("store " + processorName + "/" + segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            calls.add("fetch " + processorName + "/" + segment);
            return null;
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            calls.add("extend " + processorName + "/" + segment);
            if (refuse) {
                throw new UnableToClaimTokenException("claimed by another node");
            }
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            calls.add("release " + processorName + "/" + segment);
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return new int[] {0, 1};
        }
    }
}
