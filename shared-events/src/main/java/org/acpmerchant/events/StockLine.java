package org.acpmerchant.events;

/** A quantity of one catalog variant (the ACP item id). */
public record StockLine(String variantId, int quantity) {
    public StockLine {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}
