package org.acpmerchant.pricing.stock.api;

/** Commands of the {@code StockReservation} aggregate, addressed by reservation id. */
public sealed interface StockReservationCommand permits ReserveStock, ReleaseStock, CommitStock, RestockReleased {
    String reservationId();
}
