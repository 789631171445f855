package org.acpmerchant.orders.webhook;

import java.net.URI;
import java.util.Map;

/** Port: one HTTP POST of a webhook body to an agent endpoint. Never throws for transport failures. */
public interface WebhookSender {

    /** Sends {@code body} exactly as given with {@code headers}; the outcome carries the status code or the error. */
    Outcome send(URI url, Map<String, String> headers, byte[] body);

    /** {@code statusCode} null when no response arrived; {@code error} null on a 2xx. */
    record Outcome(Integer statusCode, String error, long durationMillis) {
        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }
}
