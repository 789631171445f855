package org.acpmerchant.pricing.catalog.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The merchant sets a variant's price ({@code amount} minor units of uppercase ISO 4217 {@code currency}). */
public record ChangeVariantPrice(
        @TargetAggregateIdentifier String variantId, long amount, String currency, String changedBy, Instant at) {}
