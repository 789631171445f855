package org.acpmerchant.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.acpmerchant.events.Topics;
import org.acpmerchant.platform.messaging.IntegrationMessageCodec;
import org.acpmerchant.platform.testing.ServiceTestProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = PlatformTestApplication.class)
class PlatformIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry, "platform");
    }

    @Autowired CommandGateway commands;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTestApplication.Listener listener;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired IntegrationMessageCodec codec;

    @Test
    void event_isStoredAsBytea_relayedToKafka_andAppliedOnceDespiteRedelivery() throws Exception {
        String id = "res_" + UUID.randomUUID();
        commands.sendAndWait(new PlatformTestApplication.ReleaseThing(id, "cs_1"));

        assertThat(jdbc.queryForObject(
                        "select pg_typeof(payload)::text from domain_event_entry where aggregate_identifier = ? limit 1",
                        String.class,
                        id))
                .isEqualTo("bytea");

        await().atMost(Duration.ofSeconds(30)).until(() -> !listener.received.isEmpty());
        String messageId = listener.received.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(id) == 2);

        // Redeliver the very same message: the inbox keeps the aggregate from being touched twice.
        var original = codec.decode(envelope(messageId, id)).orElseThrow();
        kafka.send(new ProducerRecord<>(Topics.PRICING_EVENTS, "cs_1", codec.encode(original))).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.received.size() >= 2);
        // a later message on the same partition (same key) applied: the redelivery before it has been handled
        String marker = "res_" + UUID.randomUUID();
        commands.sendAndWait(new PlatformTestApplication.ReleaseThing(marker, "cs_1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(marker) == 2);
        assertThat(count(id)).isEqualTo(2);
        assertThat(jdbc.queryForObject(
                        "select count(*) from inbox_message where message_id = ?", Integer.class, messageId))
                .isEqualTo(1);
    }

    @Autowired io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired org.springframework.kafka.core.ConsumerFactory<String, String> consumers;

    /**
     * A message that fails for a reason retrying cannot fix (its aggregate does not exist) goes to the dead-letter
     * topic after one more try, and does not hold up the message behind it on the same partition.
     */
    @Test
    void aPoisonMessage_isDeadLetteredAtOnce_andTheNextMessageOnItsPartitionGoesThrough() throws Exception {
        String key = "cs_poison_" + UUID.randomUUID();
        double before = deadLetters();
        String poison = UUID.randomUUID().toString();
        String goodId = "res_" + UUID.randomUUID();
        commands.sendAndWait(new PlatformTestApplication.ReleaseThing(goodId, "cs_1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(goodId) == 2); // the relayed event touched it once
        long started = System.nanoTime();
        kafka.send(new ProducerRecord<>(Topics.PRICING_EVENTS, key, envelope(poison, "res_missing_" + poison))).get();
        kafka.send(new ProducerRecord<>(Topics.PRICING_EVENTS, key,
                envelope(UUID.randomUUID().toString(), goodId))).get();

        await().atMost(Duration.ofSeconds(20)).until(() -> count(goodId) == 3);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() > before);
        System.out.printf("[dead-letter] the message behind the poison applied after %d ms%n", millis);
        var earliest = new java.util.Properties();
        earliest.setProperty("auto.offset.reset", "earliest");
        try (var consumer = consumers.createConsumer("platform-it-dlt-" + UUID.randomUUID(), "dlt-reader", null,
                earliest)) {
            consumer.subscribe(java.util.List.of(Topics.PRICING_EVENTS + ".DLT"));
            java.util.List<String> dead = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> dead.add(r.value()));
                return dead.stream().anyMatch(v -> v.contains(poison));
            });
        }
    }

    private double deadLetters() {
        var counter = meters.find("acp.kafka.dead.letters").tag("topic", Topics.PRICING_EVENTS).counter();
        return counter == null ? 0 : counter.count();
    }

    private String envelope(String messageId, String aggregateId) {
        return "{\"message_id\":\"" + messageId + "\",\"type\":\"pricing.StockReleased\",\"revision\":\"1\","
                + "\"session_id\":\"cs_1\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"payload\":{\"reservationId\":\""
                + aggregateId + "\",\"sessionId\":\"cs_1\",\"reason\":\"test\",\"releasedAt\":\"2026-01-01T00:00:00Z\"}}";
    }

    private int count(String aggregateId) {
        return jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Integer.class, aggregateId);
    }

    @Test
    void sessionLookup_findsEventsBySessionInMetadataOrPayload_throughTheIndex() {
        String sessionId = "cs_" + java.util.UUID.randomUUID();
        jdbc.update("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, time_stamp,
                    payload_type, payload, meta_data)
                values (?, 'agg-a', 0, '2026-11-29T10:00:00Z', 'x.A', convert_to('{"a":1}', 'UTF8'),
                        convert_to(?, 'UTF8')),
                       (?, 'agg-b', 0, '2026-11-29T10:00:01Z', 'x.B', convert_to(?, 'UTF8'), null),
                       (?, 'agg-c', 0, '2026-11-29T10:00:02Z', 'x.C', convert_to('"text"', 'UTF8'), null)
                """, java.util.UUID.randomUUID().toString(), "{\"sessionId\":\"" + sessionId + "\"}",
                java.util.UUID.randomUUID().toString(), "{\"sessionId\":\"" + sessionId + "\",\"x\":2}",
                java.util.UUID.randomUUID().toString());

        var events = new org.acpmerchant.platform.ops.JdbcStoredEvents(jdbc).bySession(sessionId, 10);

        assertThat(events).extracting(org.acpmerchant.platform.ops.StoredEvents.StoredEvent::aggregateId)
                .containsExactly("agg-a", "agg-b");
        String plan = jdbc.execute((java.sql.Connection c) -> {
            try (var st = c.createStatement()) {
                st.execute("set enable_seqscan = off");
                var rs = st.executeQuery("explain select global_index from domain_event_entry "
                        + "where aggregate_identifier = 'x' or acp_event_session(meta_data, payload) = 'x'");
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
                st.execute("reset enable_seqscan");
                return out.toString();
            }
        });
        assertThat(plan).contains("domain_event_entry_session");
    }
}
