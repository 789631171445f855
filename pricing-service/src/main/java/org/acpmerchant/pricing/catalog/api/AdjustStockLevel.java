package org.acpmerchant.pricing.catalog.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The merchant sets a variant's units on hand ({@code onHand}) or changes them by {@code delta} (exactly one is
 * set); the result may not be negative.
 */
public record AdjustStockLevel(
        @TargetAggregateIdentifier String variantId, Integer onHand, Integer delta, String changedBy, Instant at) {}
