package org.acpmerchant.pricing.stock.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.List;
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
import org.acpmerchant.pricing.stock.api.RestockReleased;
import org.acpmerchant.pricing.stock.api.StockRestocked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The lifecycle of one completion attempt's stock hold: reserved or rejected once, then committed (sold) or released
 * (given back, expired). The quantities live in the {@link StockLedger}, changed in the same transaction as the
 * events. Every command is idempotent: a repeated or late command for a decided reservation is a no-op. A reservation
 * carrying usage-limited discount codes holds one use of each first (none left: rejected with
 * {@code exhaustedDiscountCodes}, nothing held); the uses are given back on release or expiry and redeemed (counted)
 * exactly once when it is committed.
 */
@Aggregate
public class StockReservation {

    @AggregateIdentifier
    private String reservationId;

    private String sessionId;
    private ReservationStatus status;
    private List<String> discountCodes = List.of();
    private final java.util.Set<String> restocked = new java.util.HashSet<>();

    protected StockReservation() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReserveStock command, StockLedger ledger, DiscountRedemptions redemptions) {
        if (status != null) {
            return;
        }
        List<String> exhausted = command.discountCodes().isEmpty() ? List.of()
                : redemptions.hold(command.reservationId(), command.discountCodes(), command.reservedAt());
        if (!exhausted.isEmpty()) {
            apply(new StockReservationRejected(
                    command.reservationId(),
                    command.sessionId(),
                    command.attemptId(),
                    List.of(),
                    command.reservedAt(),
                    exhausted));
            return;
        }
        List<StockShortage> shortages =
                ledger.hold(command.reservationId(), command.lines(), command.expiresAt());
        if (shortages.isEmpty()) {
            apply(new StockReserved(
                    command.reservationId(),
                    command.sessionId(),
                    command.attemptId(),
                    command.expiresAt(),
                    command.reservedAt()));
            if (!command.discountCodes().isEmpty()) {
                apply(new DiscountCodesHeld(command.reservationId(), command.discountCodes()));
            }
        } else {
            if (!command.discountCodes().isEmpty()) {
                redemptions.releaseHolds(command.reservationId());
            }
            apply(new StockReservationRejected(
                    command.reservationId(),
                    command.sessionId(),
                    command.attemptId(),
                    shortages,
                    command.reservedAt()));
        }
    }

    /** A release for a reservation never made closes it (nothing held), so a late reservation cannot hold stock. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReleaseStock command, StockLedger ledger, DiscountRedemptions redemptions) {
        if (status == null) {
            apply(new StockReleased(
                    command.reservationId(), command.sessionId(), command.reason(), command.releasedAt()));
            return;
        }
        if (status != ReservationStatus.RESERVED) {
            return;
        }
        ledger.release(reservationId);
        if (!discountCodes.isEmpty()) {
            redemptions.releaseHolds(reservationId);
        }
        apply(new StockReleased(reservationId, sessionId, command.reason(), command.releasedAt()));
    }

    @CommandHandler
    public void handle(CommitStock command, StockLedger ledger, DiscountRedemptions redemptions) {
        if (status != ReservationStatus.RESERVED) {
            return;
        }
        ledger.commit(reservationId);
        apply(new StockCommitted(reservationId, sessionId, command.orderId(), command.committedAt()));
        if (!discountCodes.isEmpty()) {
            redemptions.redeem(reservationId, discountCodes, command.committedAt());
            apply(new DiscountCodesRedeemed(reservationId, command.orderId(), discountCodes, command.committedAt()));
        }
    }

    /**
     * Units sold under this reservation that will never ship go back on hand, once per release. Only a committed
     * reservation has sold anything; any other state (or an unknown reservation) ignores the release.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RestockReleased command, StockLedger ledger) {
        if (status != ReservationStatus.COMMITTED || restocked.contains(command.releaseId())) {
            return;
        }
        ledger.restock(command.lines());
        apply(new StockRestocked(reservationId, command.orderId(), command.releaseId(), command.lines(),
                command.releasedAt()));
    }

    @EventSourcingHandler
    void on(StockRestocked event) {
        restocked.add(event.releaseId());
    }

    @EventSourcingHandler
    void on(DiscountCodesHeld event) {
        discountCodes = event.codes();
    }

    @EventSourcingHandler
    void on(StockReserved event) {
        reservationId = event.reservationId();
        sessionId = event.sessionId();
        status = ReservationStatus.RESERVED;
    }

    @EventSourcingHandler
    void on(StockReservationRejected event) {
        reservationId = event.reservationId();
        sessionId = event.sessionId();
        status = ReservationStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(StockReleased event) {
        reservationId = event.reservationId();
        if (sessionId == null) {
            sessionId = event.sessionId();
        }
        status = ReservationStatus.RELEASED;
    }

    @EventSourcingHandler
    void on(StockCommitted event) {
        status = ReservationStatus.COMMITTED;
    }
}
