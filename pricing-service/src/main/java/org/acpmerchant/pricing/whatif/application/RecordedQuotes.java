package org.acpmerchant.pricing.whatif.application;

import java.time.Instant;
import java.util.stream.Stream;
import org.acpmerchant.events.quote.RecordedQuote;

/** Port: the recorded price of every checkout created in a range (checkout-api keeps them). */
public interface RecordedQuotes {

    /**
     * Every recorded quote of sessions created in {@code [from, to)} in {@code scope} ({@code completed} or
     * {@code all}), read as they arrive; close the stream when done.
     *
     * @param authorization what to present to checkout-api's ops API (may be null)
     * @throws Unavailable when they cannot be read: at once when the source refuses, or from the stream when it breaks
     *     off (the run is then incomplete and must not be reported as a result)
     */
    Stream<RecordedQuote> open(Instant from, Instant to, String scope, String authorization);

    class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
