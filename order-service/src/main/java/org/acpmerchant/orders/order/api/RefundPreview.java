package org.acpmerchant.orders.order.api;

/** What {@code PreviewRefund} answers: the buyer would get {@code amountMinor} back; what remains refundable before and after. */
public record RefundPreview(long amountMinor, String currency, long remainingBefore, long remainingAfter) {}
