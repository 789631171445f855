package org.acpmerchant.pricing.quote.infrastructure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.platform.TransientFailures;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.SendTo;

/** Request/reply over Kafka: a JSON {@code QuoteRequest} in, the JSON {@code QuoteReply} to the requester's topic. */
public class QuoteRequestListener {

    private static final Logger log = LoggerFactory.getLogger(QuoteRequestListener.class);

    private final QuoteService quotes;
    private final ObjectMapper json = AxonJson.newObjectMapper();

    public QuoteRequestListener(QuoteService quotes) {
        this.quotes = quotes;
    }

    @KafkaListener(topics = Topics.QUOTE_REQUESTS, groupId = "${spring.kafka.consumer.group-id:pricing-service}-quotes",
            containerFactory = "quoteListenerContainerFactory",
            concurrency = "${acp.pricing.quote-listener-concurrency:4}")
    @SendTo
    public String quote(String value) throws JsonProcessingException {
        QuoteRequest request;
        try {
            request = json.readValue(value, QuoteRequest.class);
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("Unreadable quote request dropped: {}", e.getMessage());
            return null;
        }
        QuoteReply reply;
        try {
            reply = quotes.quote(request);
        } catch (RuntimeException e) {
            // Answered at once, never retried in front of the other quotes: the infrastructure's failure as
            // "unavailable" (the agent is told 503 and retries), anything else as this request's own (a 400).
            boolean transientFailure = TransientFailures.isTransient(e);
            log.warn("Quote for session {} failed ({}): {}", request.sessionId(),
                    transientFailure ? "transient" : "request", e.toString());
            reply = QuoteReply.rejected(request.requestId(), request.sessionId(), transientFailure
                    ? new QuoteReply.Rejection(QuoteReply.UNAVAILABLE, null, "Pricing is unavailable; retry later.")
                    : new QuoteReply.Rejection("invalid", "$.line_items", "This cart could not be priced."),
                    Instant.now());
        }
        return json.writeValueAsString(reply);
    }
}
