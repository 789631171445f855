package org.acpmerchant.orders.order.api;

/** A line item of the order and a number of its units (at least 1). */
public record LineQuantity(String lineItemId, int quantity) {}
