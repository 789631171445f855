package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

class ConstructorAggregateFactoryTest {

    static class Ledger {
        final int opened;

        private Ledger() {
            this(0);
        }

        Ledger(int opened) {
            this.opened = opened;
        }
    }

    record Opened(String id) {}

    final ConstructorAggregateFactory<Ledger> factory = new ConstructorAggregateFactory<>(Ledger.class);

    @Test
    void anEventStream_getsAFreshInstanceFromThePrivateConstructor_eachLoad() {
        Set<Ledger> made = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Ledger ledger = factory.createAggregateRoot("l" + i,
                    new GenericDomainEventMessage<>("Ledger", "l" + i, 0, new Opened("l" + i)));
            assertThat(ledger.opened).isZero();
            made.add(ledger);
        }
        assertThat(made).hasSize(50);
        assertThat(factory.getAggregateType()).isEqualTo(Ledger.class);
    }

    @Test
    void aStreamThatStartsWithASnapshot_isThatSnapshot() {
        Ledger snapshot = new Ledger(7);
        assertThat(factory.createAggregateRoot("l1", new GenericDomainEventMessage<>("Ledger", "l1", 40, snapshot)))
                .isSameAs(snapshot);
    }

    @Test
    void aTypeWithoutANoArgumentConstructor_isRefusedAtStart() {
        assertThatThrownBy(() -> new ConstructorAggregateFactory<>(Opened.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no constructor without arguments");
    }
}
