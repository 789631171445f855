package org.acpmerchant.events.pricing;

/** A variant that could not be reserved: what was asked for and what is left. */
public record StockShortage(String variantId, int requested, int available) {}
