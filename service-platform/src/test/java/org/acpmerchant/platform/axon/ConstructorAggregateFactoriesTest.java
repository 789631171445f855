package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.acpmerchant.platform.axon.aggregates.TestAggregates;
import org.axonframework.eventsourcing.AggregateFactory;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.ResolvableType;

class ConstructorAggregateFactoriesTest {

    static final AggregateFactory<TestAggregates.Voucher> DECLARED =
            new ConstructorAggregateFactory<>(TestAggregates.Voucher.class);

    @Test
    void everyScannedAggregate_getsAFactoryUnderTheNameAxonLooksFor_butPolymorphicOnesAndDeclaredOnes() {
        try (var context = new AnnotationConfigApplicationContext()) {
            context.registerBean("constructorAggregateFactories", ConstructorAggregateFactories.class);
            context.registerBean("voucherAggregateFactory", AggregateFactory.class, () -> DECLARED);
            context.scan(TestAggregates.class.getPackageName());
            context.refresh();

            assertThat(factory(context, "ledgerAggregateFactory").getAggregateType())
                    .isEqualTo(TestAggregates.Ledger.class);
            assertThat(factory(context, "basketAggregateFactory").getAggregateType())
                    .isEqualTo(TestAggregates.Basket.class);
            assertThat(context.getBean("voucherAggregateFactory")).isSameAs(DECLARED);
            assertThat(context.containsBeanDefinition("shipmentAggregateFactory")).isFalse();
            assertThat(context.containsBeanDefinition("expressShipmentAggregateFactory")).isFalse();
            assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
                    AggregateFactory.class, TestAggregates.Ledger.class))).containsExactly("ledgerAggregateFactory");
        }
    }

    @Test
    void theName_isAxonsLowerCamelAggregateNameWithItsSuffix() {
        assertThat(ConstructorAggregateFactories.factoryName(TestAggregates.ExpressShipment.class))
                .isEqualTo("expressShipmentAggregateFactory");
    }

    private static ConstructorAggregateFactory<?> factory(AnnotationConfigApplicationContext context, String name) {
        return context.getBean(name, ConstructorAggregateFactory.class);
    }
}
