package org.acpmerchant.pricing.stock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.acpmerchant.events.StockLine;
import org.acpmerchant.events.pricing.StockCommitted;
import org.acpmerchant.events.pricing.StockReleased;
import org.acpmerchant.events.pricing.StockReservationRejected;
import org.acpmerchant.events.pricing.StockReserved;
import org.acpmerchant.events.pricing.StockShortage;
import org.acpmerchant.pricing.stock.api.CommitStock;
import org.acpmerchant.pricing.stock.api.DiscountCodesHeld;
import org.acpmerchant.pricing.stock.api.DiscountCodesRedeemed;
import org.acpmerchant.pricing.stock.api.ReleaseStock;
import org.acpmerchant.pricing.stock.api.ReserveStock;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockReservationTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant EXPIRES = NOW.plusSeconds(900);
    static final List<StockLine> LINES = List.of(new StockLine("tee", 2));

    /** Records what the aggregate asked of the ledger; answers holds with {@link #shortages}. */
    static class RecordingLedger implements StockLedger {
        final List<String> calls = new ArrayList<>();
        List<StockShortage> shortages = List.of();

        @Override
        public List<StockShortage> hold(String reservationId, List<StockLine> lines, Instant expiresAt) {
            calls.add("hold " + reservationId + " " + lines + " " + expiresAt);
            return shortages;
        }

        @Override
        public void release(String reservationId) {
            calls.add("release " + reservationId);
        }

        @Override
        public void commit(String reservationId) {
            calls.add("commit " + reservationId);
        }

        @Override
        public void restock(List<StockLine> lines) {
            calls.add("restock " + lines);
        }

        @Override
        public List<String> expiredBefore(Instant now, int limit) {
            return List.of();
        }
    }

    /** Records redemptions in the ledger's call list, so their order relative to the ledger shows. */
    class RecordingRedemptions implements DiscountRedemptions {
        @Override
        public Map<String, Long> counts(Collection<String> codes) {
            return Map.of();
        }

        /** Codes answered as exhausted by {@link #hold}. */
        List<String> exhausted = List.of();

        @Override
        public List<String> hold(String reservationId, Collection<String> codes, Instant at) {
            ledger.calls.add("holdCodes " + reservationId + " " + codes);
            return exhausted;
        }

        @Override
        public void releaseHolds(String reservationId) {
            ledger.calls.add("releaseCodes " + reservationId);
        }

        @Override
        public void redeem(String reservationId, Collection<String> codes, Instant at) {
            ledger.calls.add("redeem " + reservationId + " " + codes);
        }
    }

    AggregateTestFixture<StockReservation> fixture;
    RecordingLedger ledger;
    RecordingRedemptions redemptions;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StockReservation.class);
        ledger = new RecordingLedger();
        fixture.registerInjectableResource(ledger);
        redemptions = new RecordingRedemptions();
        fixture.registerInjectableResource(redemptions);
    }

    static ReserveStock reserve() {
        return new ReserveStock("res_1", "cs_1", "att_1", LINES, NOW, EXPIRES);
    }

    static StockReserved reserved() {
        return new StockReserved("res_1", "cs_1", "att_1", EXPIRES, NOW);
    }

    @Test
    void reserve_holdsStock_whenAvailable() {
        fixture.givenNoPriorActivity().when(reserve()).expectEvents(reserved());

        assertThat(ledger.calls).containsExactly("hold res_1 " + LINES + " " + EXPIRES);
    }

    @Test
    void reserve_isRejected_withShortages_whenNotAvailable() {
        ledger.shortages = List.of(new StockShortage("tee", 2, 1));

        fixture.givenNoPriorActivity()
                .when(reserve())
                .expectEvents(new StockReservationRejected("res_1", "cs_1", "att_1", ledger.shortages, NOW));
    }

    @Test
    void reserve_isNoOp_whenAlreadyDecided() {
        fixture.given(reserved()).when(reserve()).expectNoEvents();
        fixture.given(new StockReservationRejected("res_1", "cs_1", "att_1", List.of(), NOW))
                .when(reserve())
                .expectNoEvents();

        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void release_givesStockBack_whenReserved() {
        fixture.given(reserved())
                .when(new ReleaseStock("res_1", "cs_1", "payment_declined", NOW.plusSeconds(5)))
                .expectEvents(new StockReleased("res_1", "cs_1", "payment_declined", NOW.plusSeconds(5)));

        assertThat(ledger.calls).containsExactly("release res_1");
    }

    @Test
    void release_byTheSweeper_usesTheReservationsSession() {
        fixture.given(reserved())
                .when(new ReleaseStock("res_1", null, "expired", EXPIRES))
                .expectEvents(new StockReleased("res_1", "cs_1", "expired", EXPIRES));
    }

    @Test
    void release_isNoOp_whenReleasedCommittedOrRejected() {
        var release = new ReleaseStock("res_1", "cs_1", "canceled", NOW);
        fixture.given(reserved(), new StockReleased("res_1", "cs_1", "canceled", NOW)).when(release).expectNoEvents();
        fixture.given(reserved(), new StockCommitted("res_1", "cs_1", "ord_1", NOW)).when(release).expectNoEvents();
        fixture.given(new StockReservationRejected("res_1", "cs_1", "att_1", List.of(), NOW))
                .when(release)
                .expectNoEvents();

        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void release_ofAnUnknownReservation_closesIt_withoutTouchingStock() {
        fixture.givenNoPriorActivity()
                .when(new ReleaseStock("res_1", "cs_1", "canceled", NOW))
                .expectEvents(new StockReleased("res_1", "cs_1", "canceled", NOW));

        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void reserve_afterAnEarlyRelease_holdsNothing() {
        fixture.given(new StockReleased("res_1", "cs_1", "canceled", NOW)).when(reserve()).expectNoEvents();

        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void commit_sellsHeldStock_whenReserved() {
        fixture.given(reserved())
                .when(new CommitStock("res_1", "ord_1", NOW.plusSeconds(60)))
                .expectEvents(new StockCommitted("res_1", "cs_1", "ord_1", NOW.plusSeconds(60)));

        assertThat(ledger.calls).containsExactly("commit res_1");
    }

    @Test
    void commit_isNoOp_whenCommittedReleasedOrRejected() {
        var commit = new CommitStock("res_1", "ord_1", NOW);
        fixture.given(reserved(), new StockCommitted("res_1", "cs_1", "ord_1", NOW)).when(commit).expectNoEvents();
        fixture.given(reserved(), new StockReleased("res_1", "cs_1", "expired", NOW)).when(commit).expectNoEvents();
        fixture.given(new StockReservationRejected("res_1", "cs_1", "att_1", List.of(), NOW))
                .when(commit)
                .expectNoEvents();

        assertThat(ledger.calls).isEmpty();
    }

    @Test
    void reserveWithCodes_remembersThem_andCommitRedeemsThemOnce() {
        var reserve = new ReserveStock("res_1", "cs_1", "att_1", LINES, NOW, EXPIRES, List.of("SAVE10"));
        fixture.givenNoPriorActivity().when(reserve)
                .expectEvents(reserved(), new DiscountCodesHeld("res_1", List.of("SAVE10")));

        var commit = new CommitStock("res_1", "ord_1", NOW);
        fixture.given(reserved(), new DiscountCodesHeld("res_1", List.of("SAVE10")))
                .when(commit)
                .expectEvents(new StockCommitted("res_1", "cs_1", "ord_1", NOW),
                        new DiscountCodesRedeemed("res_1", "ord_1", List.of("SAVE10"), NOW));
        fixture.given(reserved(), new DiscountCodesHeld("res_1", List.of("SAVE10")),
                        new StockCommitted("res_1", "cs_1", "ord_1", NOW),
                        new DiscountCodesRedeemed("res_1", "ord_1", List.of("SAVE10"), NOW))
                .when(commit)
                .expectNoEvents();

        assertThat(ledger.calls).containsExactly("holdCodes res_1 [SAVE10]",
                "hold res_1 " + LINES + " " + EXPIRES, "commit res_1", "redeem res_1 [SAVE10]");
    }

    @Test
    void reserveWithAnExhaustedCode_isRejected_holdingNoStock() {
        redemptions.exhausted = List.of("SAVE10");
        var reserve = new ReserveStock("res_1", "cs_1", "att_1", LINES, NOW, EXPIRES, List.of("SAVE10", "WELCOME"));

        fixture.givenNoPriorActivity().when(reserve).expectEvents(new StockReservationRejected(
                "res_1", "cs_1", "att_1", List.of(), NOW, List.of("SAVE10")));

        assertThat(ledger.calls).containsExactly("holdCodes res_1 [SAVE10, WELCOME]");
    }

    @Test
    void reserveWithCodes_givesTheCodesBack_whenStockIsShort() {
        ledger.shortages = List.of(new StockShortage("tee", 2, 1));
        var reserve = new ReserveStock("res_1", "cs_1", "att_1", LINES, NOW, EXPIRES, List.of("SAVE10"));

        fixture.givenNoPriorActivity().when(reserve)
                .expectEvents(new StockReservationRejected("res_1", "cs_1", "att_1", ledger.shortages, NOW));

        assertThat(ledger.calls).containsExactly(
                "holdCodes res_1 [SAVE10]", "hold res_1 " + LINES + " " + EXPIRES, "releaseCodes res_1");
    }

    @Test
    void releaseWithCodes_redeemsNothing_andGivesTheCodesBack() {
        fixture.given(reserved(), new DiscountCodesHeld("res_1", List.of("SAVE10")))
                .when(new ReleaseStock("res_1", "cs_1", "canceled", NOW))
                .expectEvents(new StockReleased("res_1", "cs_1", "canceled", NOW));

        assertThat(ledger.calls).containsExactly("release res_1", "releaseCodes res_1");
    }

    @Test
    void releasedUnits_ofACommittedReservation_goBackOnHand_oncePerRelease() {
        var committed = new org.acpmerchant.events.pricing.StockCommitted("res_1", "cs_1", "ord_1", NOW);
        var release = new org.acpmerchant.pricing.stock.api.RestockReleased("res_1", "ord_1", "cnl_1",
                List.of(new StockLine("tee", 1)), NOW);
        fixture.given(reserved(), committed)
                .when(release)
                .expectEvents(new org.acpmerchant.pricing.stock.api.StockRestocked("res_1", "ord_1", "cnl_1",
                        List.of(new StockLine("tee", 1)), NOW));
        org.assertj.core.api.Assertions.assertThat(ledger.calls).containsExactly("restock [StockLine[variantId=tee, quantity=1]]");
        fixture.given(reserved(), committed, new org.acpmerchant.pricing.stock.api.StockRestocked("res_1", "ord_1",
                        "cnl_1", List.of(new StockLine("tee", 1)), NOW))
                .when(release)
                .expectNoEvents();
    }

    @Test
    void aReleaseForAReservationThatSoldNothing_changesNothing() {
        var release = new org.acpmerchant.pricing.stock.api.RestockReleased("res_1", "ord_1", "cancel_ord_1",
                LINES, NOW);
        fixture.given(reserved()).when(release).expectNoEvents();
        fixture.givenNoPriorActivity().when(release).expectNoEvents();
        org.assertj.core.api.Assertions.assertThat(ledger.calls).isEmpty();
    }
}
