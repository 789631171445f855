package org.acpmerchant.pricing.it;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.events.EventTypes;
import org.acpmerchant.events.IntegrationEvent;
import org.acpmerchant.events.Topics;
import org.acpmerchant.platform.messaging.IntegrationMessage;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.acpmerchant.pricing.PricingServiceApplication;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One Spring context for every *IT (one database, one consumer group on the shared in-process broker). */
@SpringBootTest(
        classes = PricingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "acp.pricing.merchant-api-tokens=" + PricingIntegrationTest.MERCHANT_TOKEN,
            "spring.config.name=pricing-service",
            "acp.pricing.stock.listener-concurrency=4",
            "acp.pricing.stock.sweep-interval=PT1S",
            "acp.pricing.discounts[0].id=d_it_once",
            "acp.pricing.discounts[0].code=it-once",
            "acp.pricing.discounts[0].percent-off=10",
            "acp.pricing.discounts[0].usage-limit=1",
            "acp.pricing.discounts[1].id=d_it_three",
            "acp.pricing.discounts[1].code=it-three",
            "acp.pricing.discounts[1].percent-off=5",
            "acp.pricing.discounts[1].usage-limit=3"
        })
abstract class PricingIntegrationTest {

    static final String MERCHANT_TOKEN = "it_merchant_token";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "pricing");
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired IntegrationMessageCodec codec;

    static String bootstrapServers() {
        return LocalInfrastructure.kafkaBootstrapServers();
    }

    String publish(IntegrationEvent event) throws Exception {
        String messageId = UUID.randomUUID().toString();
        publish(messageId, event);
        return messageId;
    }

    void publish(String messageId, IntegrationEvent event) throws Exception {
        publishOn(EventTypes.of(event.getClass()).orElseThrow().topic(), messageId, event);
    }

    /** On a topic other than its type's: the former shared request topic, say (ADR 0057). */
    void publishOn(String topic, String messageId, IntegrationEvent event) throws Exception {
        EventTypes type = EventTypes.of(event.getClass()).orElseThrow();
        String value = codec.encode(new IntegrationMessage(
                messageId, type, event, Instant.now(), event.sessionId(), null));
        kafka.send(new ProducerRecord<>(topic, event.sessionId(), value)).get();
    }

    List<String> eventTypesOf(String aggregateId) {
        return jdbc.queryForList(
                "select payload_type from domain_event_entry where aggregate_identifier = ? order by sequence_number",
                String.class,
                aggregateId);
    }

    int countEvents(String payloadTypeSuffix, String aggregatePrefix) {
        return jdbc.queryForObject(
                "select count(*) from domain_event_entry where payload_type like ? and aggregate_identifier like ?",
                Integer.class,
                "%" + payloadTypeSuffix,
                aggregatePrefix + "%");
    }

    void stock(String variantId, int onHand) {
        jdbc.update(
                "insert into stock_level (variant_id, on_hand, reserved) values (?, ?, 0) "
                        + "on conflict (variant_id) do update set on_hand = excluded.on_hand, reserved = 0",
                variantId,
                onHand);
    }

    int[] level(String variantId) {
        return jdbc.queryForObject(
                "select on_hand, reserved from stock_level where variant_id = ?",
                (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)},
                variantId);
    }

    static String topic() {
        return Topics.PRICING_EVENTS;
    }
}
