package org.acpmerchant.pricing.catalog.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.acpmerchant.pricing.catalog.application.CatalogPublisher;
import org.acpmerchant.pricing.catalog.application.FeedPushLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The push against a local stand-in of the agent's Feed API (JDK HttpServer). */
class CatalogPublisherTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A Feed API stand-in: records requests; {@link #failures} answers the next PATCHes with those statuses. */
    HttpServer server;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, JsonNode> stored = Collections.synchronizedMap(new HashMap<>());
    final List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger feeds = new AtomicInteger();

    static class InMemoryLog implements FeedPushLog {
        long revision = 1;
        final Map<String, String> feedIds = new HashMap<>();
        final List<Push> pushes = new ArrayList<>();

        @Override
        public long catalogRevision() {
            return revision;
        }

        @Override
        public long pushedRevision(String baseUrl) {
            return pushes.stream().filter(p -> p.status().equals("succeeded")).mapToLong(Push::revision).max()
                    .orElse(0);
        }

        @Override
        public Optional<String> feedId(String baseUrl) {
            return Optional.ofNullable(feedIds.get(baseUrl));
        }

        @Override
        public void saveFeedId(String baseUrl, String feedId, Instant at) {
            feedIds.put(baseUrl, feedId);
        }

        @Override
        public String targetCountry() {
            return "US";
        }

        @Override
        public void record(Push push) {
            pushes.add(push);
        }

        @Override
        public void recordPushed(String baseUrl, List<ObjectNode> products) {}
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("API-Version"));
            int status;
            String reply;
            if (exchange.getRequestMethod().equals("POST") && path.equals("/feeds")) {
                status = 201;
                reply = "{\"id\":\"feed_" + feeds.incrementAndGet() + "\",\"target_country\":"
                        + JSON.readTree(body).get("target_country") + "}";
            } else if (!failures.isEmpty()) {
                status = failures.remove(0);
                reply = "{\"type\":\"error\",\"code\":\"unavailable\"}";
            } else {
                for (JsonNode product : JSON.readTree(body).get("products")) {
                    stored.put(product.get("id").asText(), product);
                }
                status = 200;
                reply = "{\"id\":\"feed_1\",\"accepted\":true}";
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    CatalogPublisher publisher(InMemoryLog log, int products) {
        var api = new HttpAgentFeedApi("http://127.0.0.1:" + server.getAddress().getPort() + "/", "agent_feed_token",
                "2026-04-17", 3, Duration.ofMillis(10), JSON);
        return new CatalogPublisher(api, log, sink -> {
            for (int i = 0; i < products; i++) {
                ObjectNode product = JSON.createObjectNode().put("id", "prod_" + i);
                product.putArray("variants").addObject().put("id", "v_" + i).put("title", "V" + i);
                sink.accept(product);
            }
        }, 2, Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void createsTheFeedOnce_upsertsInBatches_retriesA503_andRecordsEveryPush() {
        var log = new InMemoryLog();
        var publisher = publisher(log, 5);
        failures.add(503);

        assertThat(publisher.pushIfChanged()).isTrue();

        assertThat(requests).containsExactly(
                "POST /feeds Bearer agent_feed_token 2026-04-17",
                "PATCH /feeds/feed_1/products Bearer agent_feed_token 2026-04-17",
                "PATCH /feeds/feed_1/products Bearer agent_feed_token 2026-04-17",
                "PATCH /feeds/feed_1/products Bearer agent_feed_token 2026-04-17",
                "PATCH /feeds/feed_1/products Bearer agent_feed_token 2026-04-17");
        assertThat(stored).containsOnlyKeys("prod_0", "prod_1", "prod_2", "prod_3", "prod_4");
        assertThat(log.pushes).singleElement().satisfies(push -> {
            assertThat(push.status()).isEqualTo("succeeded");
            assertThat(push.feedId()).isEqualTo("feed_1");
            assertThat(push.products()).isEqualTo(5);
            assertThat(push.batches()).isEqualTo(3);
            assertThat(push.attempts()).isEqualTo(5);
        });

        requests.clear();
        assertThat(publisher.pushIfChanged()).isFalse();
        log.revision = 2;
        assertThat(publisher.pushIfChanged()).isTrue();
        assertThat(requests).hasSize(3).noneMatch(r -> r.startsWith("POST"));
        assertThat(feeds).hasValue(1);
    }

    @Test
    void aClientError_failsThePushAtOnce_andTheNextCheckTriesAgain() {
        var log = new InMemoryLog();
        var publisher = publisher(log, 1);
        failures.add(400);

        assertThat(publisher.pushIfChanged()).isFalse();
        assertThat(log.pushes).singleElement().satisfies(push -> {
            assertThat(push.status()).isEqualTo("failed");
            assertThat(push.attempts()).isEqualTo(2);
            assertThat(push.error()).contains("answered 400");
        });

        failures.addAll(List.of(500, 500, 500));
        assertThat(publisher.pushIfChanged()).isFalse();
        assertThat(log.pushes.get(1).error()).contains("after 3 attempts");

        assertThat(publisher.pushIfChanged()).isTrue();
        assertThat(stored).containsOnlyKeys("prod_0");
    }
}
