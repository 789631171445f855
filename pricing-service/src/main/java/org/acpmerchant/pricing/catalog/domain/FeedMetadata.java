package org.acpmerchant.pricing.catalog.domain;

import java.time.Instant;

/** The ACP {@code FeedMetadata} of a file feed ({@code metadata.json}); country and update time are optional. */
public record FeedMetadata(String id, String targetCountry, Instant updatedAt) {}
