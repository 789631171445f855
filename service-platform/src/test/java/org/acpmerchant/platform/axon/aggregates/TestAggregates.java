package org.acpmerchant.platform.axon.aggregates;

import org.axonframework.spring.stereotype.Aggregate;

/** Aggregates found by component scanning, as a service's are, for {@code ConstructorAggregateFactoriesTest}. */
public final class TestAggregates {

    private TestAggregates() {}

    @Aggregate
    public static class Ledger {}

    @Aggregate
    public static class Basket {}

    /** Declares its own factory bean, which is kept. */
    @Aggregate
    public static class Voucher {}

    /** Polymorphic: Axon's own factory makes the subtype a stream names. */
    @Aggregate
    public static class Shipment {}

    @Aggregate
    public static class ExpressShipment extends Shipment {}
}
