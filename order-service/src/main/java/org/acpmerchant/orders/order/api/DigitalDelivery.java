package org.acpmerchant.orders.order.api;

import java.time.Instant;

/** What the buyer receives for digital goods; every field may be null. {@code accessUrl} is an absolute URI. */
public record DigitalDelivery(String accessUrl, String licenseKey, Instant expiresAt) {}
