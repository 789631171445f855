package org.acpmerchant.orders.order.api;

import java.util.List;

/** What a fulfillment command answers: the fulfillment's id, type, status and lines. */
public record FulfillmentAccepted(String fulfillmentId, String fulfillmentType, String status, List<LineQuantity> lines) {}
