package org.acpmerchant.orders.order.api;

import org.axonframework.serialization.Revision;

/** The idempotency key of a carrier event report, so that a repeated report changes nothing. Revision 1. */
@Revision("1")
public record CarrierEventKeyed(String orderId, String eventKey) {}
