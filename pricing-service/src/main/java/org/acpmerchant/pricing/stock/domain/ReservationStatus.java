package org.acpmerchant.pricing.stock.domain;

/** Where a stock reservation stands; every state but {@code RESERVED} is final. */
public enum ReservationStatus {
    RESERVED,
    REJECTED,
    RELEASED,
    COMMITTED
}
