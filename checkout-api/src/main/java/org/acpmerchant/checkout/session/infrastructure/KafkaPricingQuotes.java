package org.acpmerchant.checkout.session.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acpmerchant.checkout.session.application.PricingQuotes;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.platform.axon.AxonJson;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;

/** Quotes over Kafka request/reply; the reply comes back to this instance by correlation id. */
public class KafkaPricingQuotes implements PricingQuotes {

    private final ReplyingKafkaTemplate<String, String, String> template;
    private final Duration timeout;
    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final Timer timer;
    private volatile boolean assigned;

    public KafkaPricingQuotes(
            ReplyingKafkaTemplate<String, String, String> template, Duration timeout, MeterRegistry meters) {
        this.template = template;
        this.timeout = timeout;
        this.timer = Timer.builder("acp.checkout.quote").description("Quote request/reply to pricing-service")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    @Override
    public QuoteReply quote(QuoteRequest request) {
        long start = System.nanoTime();
        try {
            if (!assigned) {
                assigned = template.waitForAssignment(Duration.ofSeconds(30));
            }
            var record = new ProducerRecord<String, String>(
                    Topics.QUOTE_REQUESTS, request.sessionId(), json.writeValueAsString(request));
            var reply = template.sendAndReceive(record, timeout).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            QuoteReply quote = json.readValue(reply.value(), QuoteReply.class);
            if (quote.rejection() != null && QuoteReply.UNAVAILABLE.equals(quote.rejection().code())) {
                throw new PricingUnavailableException("pricing-service could not quote: "
                        + quote.rejection().message(), null);
            }
            return quote;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PricingUnavailableException("interrupted while waiting for a quote", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PricingUnavailableException("pricing-service did not answer within " + timeout, e);
        } catch (java.io.IOException e) {
            throw new PricingUnavailableException("unreadable quote", e);
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
