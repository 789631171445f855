package org.acpmerchant.orders.order.domain;

import static org.acpmerchant.orders.order.domain.OrderFixtures.ID;
import static org.acpmerchant.orders.order.domain.OrderFixtures.MUGS_AND_SPOON;
import static org.acpmerchant.orders.order.domain.OrderFixtures.T1;
import static org.acpmerchant.orders.order.domain.OrderFixtures.lines;
import static org.acpmerchant.orders.order.domain.OrderFixtures.refundRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.acpmerchant.events.checkout.OrderLine;
import org.acpmerchant.events.order.RefundRequested.RefundLine;
import org.acpmerchant.orders.order.api.RefundCompleted;
import org.acpmerchant.orders.order.api.RefundFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The order's money: what remains refundable, and the cumulative share rule for a line's units. */
class RefundLedgerTest {

    static final LineUnits UNITS = LineUnits.placed(ID, MUGS_AND_SPOON);

    static RefundLedger captured1500() {
        return RefundLedger.none().captured(1500);
    }

    static OrderLine line(long total, int ordered) {
        return new OrderLine("li", null, "x", ordered, 0, total, 0, total);
    }

    @ParameterizedTest(name = "total {0} over {1} units: units {2}+1..{2}+{3} are worth {4}")
    @CsvSource({
        "1000, 3, 0, 1, 333", "1000, 3, 1, 1, 333", "1000, 3, 2, 1, 334", "1000, 3, 0, 3, 1000",
        "1000, 3, 1, 2, 667", "2160, 2, 0, 1, 1080", "1, 2, 0, 1, 0", "1, 2, 1, 1, 1", "0, 4, 0, 2, 0"})
    void share_isTheCumulativeFloorOfTheLineTotal(long total, int ordered, int already, int quantity, long expected) {
        assertThat(RefundLedger.share(line(total, ordered), already, quantity)).isEqualTo(expected);
    }

    @Test
    void share_ofEveryUnitOneByOne_addsUpToTheLineTotal() {
        for (long total : new long[] {1, 99, 1000, 2159, 123457}) {
            for (int ordered = 1; ordered <= 7; ordered++) {
                long sum = 0;
                for (int k = 0; k < ordered; k++) {
                    sum += RefundLedger.share(line(total, ordered), k, 1);
                }
                assertThat(sum).as(total + "/" + ordered).isEqualTo(total);
            }
        }
    }

    @Test
    void share_ofAnySplitIntoConsecutiveParts_addsUpToTheLineTotal_andNoUnitIsWorthMoreThanOneCentOverAnother() {
        Random random = new Random(20261206L);
        for (int run = 0; run < 2_000; run++) {
            long total = random.nextInt(5) == 0 ? random.nextInt(10) : random.nextInt(10_000_000);
            int ordered = 1 + random.nextInt(40);
            OrderLine line = line(total, ordered);
            List<Integer> parts = new ArrayList<>();
            long sum = 0;
            for (int already = 0; already < ordered; ) {
                int quantity = 1 + random.nextInt(ordered - already);
                long part = RefundLedger.share(line, already, quantity);
                assertThat(part).as("%d units of %d/%d", quantity, total, ordered)
                        .isBetween(quantity * Math.floorDiv(total, ordered),
                                quantity * Math.floorDiv(total + ordered - 1, ordered));
                sum += part;
                already += quantity;
                parts.add(quantity);
            }
            assertThat(sum).as("total %d over %d units split %s", total, ordered, parts).isEqualTo(total);
        }
    }

    @Test
    void remaining_isTheCaptureLessPendingAndCompletedRefunds_aFailedOneGivesItsAmountBack() {
        RefundLedger ledger = captured1500()
                .requested(refundRequested("rfd_1", 500, List.of(), "goodwill", T1))
                .requested(refundRequested("rfd_2", 300, List.of(), "goodwill", T1));
        assertThat(ledger.remaining()).isEqualTo(700);
        RefundLedger settled = ledger.completed(new RefundCompleted(ID, "rfd_1", 500, "usd", "re_1", T1))
                .failed(new RefundFailed(ID, "rfd_2", "card_closed", T1));
        assertThat(settled.remaining()).isEqualTo(1000);
        assertThat(settled.open("rfd_1")).isFalse();
        assertThat(settled.open("rfd_2")).isFalse();
        assertThat(settled.open("rfd_3")).isTrue();
        assertThat(ledger.remaining()).as("a value: the earlier ledger is unchanged").isEqualTo(700);
    }

    @Test
    void requireRemaining_refusesMoreThanRemains() {
        RefundLedger ledger = captured1500().requested(refundRequested("rfd_1", 1400, List.of(), "goodwill", T1));
        ledger.requireRemaining(100, "usd");
        assertThatThrownBy(() -> ledger.requireRemaining(101, "usd"))
                .isInstanceOf(RefundRefusedException.class)
                .hasMessage("The refund of 101 exceeds the 100 usd that remain refundable.");
    }

    @Test
    void amountOf_lines_countsUnitsOfOtherRefundsOnly_andRefusesUnitsRefundedAlready() {
        RefundLedger ledger = captured1500()
                .requested(refundRequested("rfd_1", 666, List.of(new RefundLine("li_1", 2)), "damaged", T1));
        assertThat(ledger.amountOf("rfd_2", null, List.of(new RefundLine("li_1", 1)), UNITS)).isEqualTo(334);
        assertThat(ledger.amountOf("rfd_1", null, List.of(new RefundLine("li_1", 2)), UNITS))
                .as("a refund's own units do not count against it").isEqualTo(666);
        assertThatThrownBy(() -> ledger.amountOf("rfd_2", null, List.of(new RefundLine("li_1", 2)), UNITS))
                .isInstanceOf(RefundRefusedException.class)
                .hasMessage("Line item li_1 has 1 unit(s) left to refund.");
        assertThatThrownBy(() -> ledger.amountOf("rfd_2", 100L, List.of(new RefundLine("li_1", 1)), UNITS))
                .hasMessage("Give either an amount or line items, not both.");
        assertThatThrownBy(() -> ledger.amountOf("rfd_2", 0L, List.of(), UNITS))
                .hasMessage("A refund needs a positive amount or line items.");
        assertThatThrownBy(() -> ledger.amountOf("rfd_2", null, List.of(new RefundLine("li_9", 1)), UNITS))
                .hasMessage("Unknown line item or quantity below 1: li_9");
    }

    @Test
    void shareOf_removedUnits_carriesMoneyOnlyForUnitsNoRefundCoveredYet() {
        RefundLedger ledger = captured1500()
                .requested(refundRequested("rfd_1", 666, List.of(new RefundLine("li_1", 2)), "damaged", T1));
        RefundLedger.Share share = ledger.shareOf(lines("li_1", 2, "li_2", 1), UNITS);
        assertThat(share).isEqualTo(new RefundLedger.Share(334 + 500,
                List.of(new RefundLine("li_1", 1), new RefundLine("li_2", 1))));
        assertThat(share.capped(600).amountMinor()).isEqualTo(600);
        assertThat(ledger.failed(new RefundFailed(ID, "rfd_1", "card_closed", T1)).shareOf(lines("li_1", 2), UNITS))
                .as("a failed refund's units carry money again")
                .isEqualTo(new RefundLedger.Share(666, List.of(new RefundLine("li_1", 2))));
    }
}
