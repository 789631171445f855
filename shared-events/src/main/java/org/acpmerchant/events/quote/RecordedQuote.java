package org.acpmerchant.events.quote;

import java.time.Instant;

/**
 * A checkout session's last price as recorded by checkout-api, for pricing's what-if re-pricing: the session's
 * {@code status} (ACP wire value), when it was created, the cart as a {@link QuoteRequest} (its request id is the
 * session id) and the {@link QuoteReply} the buyer was shown (and, for a completed session, charged). Sent by
 * checkout-api's {@code GET /ops/checkouts/priced} as one JSON object per line.
 */
public record RecordedQuote(String sessionId, String status, Instant createdAt, QuoteRequest request, QuoteReply quote) {}
