package org.acpmerchant.orders.order.api;

import java.util.List;

/** What a cancellation or return answers: the adjustment id (also its refund's id), amount, status and lines. */
public record AdjustmentAccepted(String id, String type, long amountMinor, String currency, String status,
        List<LineQuantity> lines) {}
