package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.acpmerchant.events.Topics;
import org.acpmerchant.events.quote.QuoteReply;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteAddress;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.platform.axon.AxonJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;

class QuoteRequestReplyIT extends PricingIntegrationTest {

    private static final ObjectMapper JSON = AxonJson.newObjectMapper();
    private static ReplyingKafkaTemplate<String, String, String> requester;

    @BeforeAll
    static void requester() throws Exception {
        var producers = new DefaultKafkaProducerFactory<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        var consumers = new DefaultKafkaConsumerFactory<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "quote-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        var replies = new ConcurrentMessageListenerContainer<>(consumers, new ContainerProperties(Topics.QUOTE_REPLIES));
        requester = new ReplyingKafkaTemplate<>(producers, replies);
        requester.setDefaultReplyTimeout(Duration.ofSeconds(30));
        requester.setSharedReplyTopic(true);
        requester.start();
        requester.waitForAssignment(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        requester.stop();
    }

    @Test
    void quote_isPricedWithTaxAndShipping_forCaliforniaCart() throws Exception {
        var request = new QuoteRequest(
                "qr_" + UUID.randomUUID(),
                "cs_quote_1",
                "usd",
                List.of(new QuoteLine("tee-red-m", 2), new QuoteLine("ebook-trail-guide", 1)),
                new QuoteAddress("US", "CA", "94103"),
                null,
                List.of());

        QuoteReply reply = ask(request);

        assertThat(reply.requestId()).isEqualTo(request.requestId());
        assertThat(reply.rejection()).isNull();
        assertThat(reply.currency()).isEqualTo("usd");
        assertThat(reply.lines()).extracting(QuoteReply.PricedLine::lineId).containsExactly("li_1", "li_2");
        var tee = reply.lines().get(0);
        assertThat(tee.name()).isEqualTo("Classic Tee - Red / Medium");
        assertThat(tee.baseAmount()).isEqualTo(3998);
        assertThat(tee.tax()).isEqualTo(290); // 3998 × 7.25 % = 289.855 → 290
        assertThat(tee.availability()).isEqualTo("in_stock");
        assertThat(reply.lines().get(1).requiresShipping()).isFalse();
        assertThat(reply.selectedFulfillmentOptionId()).isEqualTo("standard");
        assertThat(reply.totals())
                .extracting(QuoteReply.QuoteTotal::type, QuoteReply.QuoteTotal::amount)
                .containsExactly(
                        tuple("items_base_amount", 4997L),
                        tuple("subtotal", 4997L),
                        tuple("fulfillment", 500L),
                        tuple("tax", 290L + 72L),
                        tuple("total", 4997L + 500L + 362L));
        assertThat(reply.messages()).isEmpty();
    }

    @Test
    void quote_isRejected_forUnknownItem() throws Exception {
        var request = new QuoteRequest(
                "qr_" + UUID.randomUUID(), "cs_quote_2", "usd",
                List.of(new QuoteLine("tee-red-m", 1), new QuoteLine("nope", 1)), null, null, null);

        QuoteReply reply = ask(request);

        assertThat(reply.rejection()).isEqualTo(new QuoteReply.Rejection(
                "invalid_item_id", "$.line_items[1].id", "The item ID 'nope' does not exist."));
    }

    private QuoteReply ask(QuoteRequest request) throws Exception {
        var record = new ProducerRecord<String, String>(
                Topics.QUOTE_REQUESTS, request.sessionId(), JSON.writeValueAsString(request));
        var reply = requester.sendAndReceive(record).get(30, TimeUnit.SECONDS);
        return JSON.readValue(reply.value(), QuoteReply.class);
    }
}
