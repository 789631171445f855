package org.acpmerchant.orders.order.api;

/** What {@code RequestRefund} answers: the refund's id, amount and status ({@code pending} or later). */
public record RefundAccepted(String refundId, long amountMinor, String currency, String status) {}
