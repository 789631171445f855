package org.acpmerchant.pricing.catalog.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.acpmerchant.pricing.catalog.api.AdjustStockLevel;
import org.acpmerchant.pricing.catalog.api.ChangeVariantPrice;
import org.acpmerchant.pricing.catalog.api.StockLevelAdjusted;
import org.acpmerchant.pricing.catalog.api.VariantPriceChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The merchant's incremental changes to one variant (price, units on hand) as an event stream: every change is an
 * event, applied to the catalog and the stock ledger through {@link CatalogUpdates} in the same transaction. The
 * current values live in the tables (a feed reload replaces them wholesale); the stream is the audit history.
 */
@Aggregate
public class VariantLedger {

    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

    @AggregateIdentifier
    private String variantId;

    protected VariantLedger() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeVariantPrice command, CatalogUpdates updates) {
        String currency = command.currency() == null ? "" : command.currency().toUpperCase(Locale.ROOT);
        if (command.amount() < 0 || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("amount must be ≥ 0 minor units, currency an ISO 4217 code");
        }
        OptionalLong previous = updates.setPrice(command.variantId(), command.amount(), currency);
        if (previous.isEmpty()) {
            throw new UnknownVariantException(command.variantId());
        }
        apply(new VariantPriceChanged(command.variantId(), previous.getAsLong(), command.amount(), currency,
                command.changedBy(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AdjustStockLevel command, CatalogUpdates updates) {
        if ((command.onHand() == null) == (command.delta() == null)
                || (command.onHand() != null && command.onHand() < 0)) {
            throw new IllegalArgumentException("set exactly one of on_hand (≥ 0) and delta");
        }
        OptionalInt previous = updates.adjustOnHand(command.variantId(), command.onHand(), command.delta());
        if (previous.isEmpty()) {
            throw new UnknownVariantException(command.variantId());
        }
        int onHand = command.onHand() != null ? command.onHand() : previous.getAsInt() + command.delta();
        apply(new StockLevelAdjusted(
                command.variantId(), previous.getAsInt(), onHand, command.changedBy(), command.at()));
    }

    @EventSourcingHandler
    void on(VariantPriceChanged event) {
        variantId = event.variantId();
    }

    @EventSourcingHandler
    void on(StockLevelAdjusted event) {
        variantId = event.variantId();
    }
}
