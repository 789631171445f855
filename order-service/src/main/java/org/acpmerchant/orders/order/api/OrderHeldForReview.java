package org.acpmerchant.orders.order.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Capturing the order's payment failed ({@code reason} from payment-service); status {@code manual_review}. Revision 1. */
@Revision("1")
public record OrderHeldForReview(String orderId, String paymentId, String reason, Instant heldAt) {}
