package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.acpmerchant.pricing.catalog.application.CatalogLoader;
import org.acpmerchant.pricing.catalog.application.CatalogPublisher;
import org.acpmerchant.pricing.catalog.infrastructure.CatalogExporter;
import org.acpmerchant.pricing.catalog.infrastructure.FeedSources;
import org.acpmerchant.pricing.catalog.infrastructure.HttpAgentFeedApi;
import org.acpmerchant.pricing.catalog.infrastructure.JdbcFeedPushLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Products and variants that leave the catalog are withdrawn from the agent's feed: the next push upserts them with
 * {@code availability {available: false, status: "discontinued"}} (PATCH cannot delete), once. Against a Feed API
 * stand-in (JDK HttpServer) that keeps the products it receives.
 */
class FeedWithdrawalIT extends PricingIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired CatalogLoader loader;
    @Autowired CatalogExporter exporter;
    @Autowired TransactionTemplate transactions;
    @TempDir Path dir;

    HttpServer server;
    final Map<String, JsonNode> stored = Collections.synchronizedMap(new HashMap<>());
    final List<List<String>> patches = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String reply;
            int status = 200;
            if (exchange.getRequestMethod().equals("POST")) {
                status = 201;
                reply = "{\"id\":\"feed_withdrawal\"}";
            } else {
                List<String> ids = new ArrayList<>();
                for (JsonNode product : JSON.readTree(body).get("products")) {
                    stored.put(product.get("id").asText(), product);
                    ids.add(product.get("id").asText());
                }
                patches.add(ids);
                reply = "{\"id\":\"feed_withdrawal\",\"accepted\":true}";
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopAndRestoreDemoCatalog() {
        server.stop(0);
        assertThat(loader.load(FeedSources.classpath(FeedSources.DEMO_CATALOG)).loaded()).isTrue();
    }

    @Test
    void droppedProductAndVariant_arePushedOnceAsDiscontinued_thenForgotten() throws Exception {
        var api = new HttpAgentFeedApi("http://127.0.0.1:" + server.getAddress().getPort() + "/", "t", "2026-04-17",
                2, Duration.ofMillis(10), JSON);
        String baseUrl = api.baseUrl();
        var publisher = new CatalogPublisher(api, new JdbcFeedPushLog(jdbc, transactions),
                (BiConsumer<String, Consumer<ObjectNode>>) exporter::forEachProduct, 2, Clock.systemUTC());

        writeFeed(line("prod_w_tee", "w-tee-red", "w-tee-blue") + "\n" + line("prod_w_mug", "w-mug") + "\n"
                + line("prod_w_cap", "w-cap"));
        assertThat(loader.load(FeedSources.directory(dir)).loaded()).isTrue();
        assertThat(publisher.pushIfChanged()).isTrue();
        assertThat(stored).containsOnlyKeys("prod_w_cap", "prod_w_mug", "prod_w_tee");
        assertThat(jdbc.queryForObject("select count(*) from pushed_variant where base_url = ?", Integer.class,
                baseUrl)).isEqualTo(4);

        // the mug leaves the catalog, the blue tee too
        writeFeed(line("prod_w_tee", "w-tee-red") + "\n" + line("prod_w_cap", "w-cap"));
        assertThat(loader.load(FeedSources.directory(dir)).loaded()).isTrue();
        patches.clear();
        assertThat(publisher.pushIfChanged()).isTrue();

        assertThat(patches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(
                "prod_w_cap", "prod_w_mug", "prod_w_tee");
        JsonNode mug = stored.get("prod_w_mug").get("variants").get(0);
        assertThat(mug.get("id").asText()).isEqualTo("w-mug");
        assertThat(mug.get("title").asText()).isEqualTo("Title w-mug");
        assertThat(mug.at("/availability/available").asBoolean(true)).isFalse();
        assertThat(mug.at("/availability/status").asText()).isEqualTo("discontinued");
        JsonNode tee = stored.get("prod_w_tee");
        assertThat(tee.get("variants")).hasSize(2);
        assertThat(tee.at("/variants/0/id").asText()).isEqualTo("w-tee-blue");
        assertThat(tee.at("/variants/0/availability/status").asText()).isEqualTo("discontinued");
        assertThat(tee.at("/variants/1/id").asText()).isEqualTo("w-tee-red");
        assertThat(tee.at("/variants/1/availability/available").asBoolean()).isTrue();
        assertThat(jdbc.queryForList("select variant_id from pushed_variant where base_url = ? order by 1",
                String.class, baseUrl)).containsExactly("w-cap", "w-tee-red");

        // the next push sends the withdrawn ones no more
        jdbc.update("update catalog_feed set revision = nextval('catalog_revision')");
        patches.clear();
        assertThat(publisher.pushIfChanged()).isTrue();
        assertThat(patches.stream().flatMap(List::stream)).containsExactlyInAnyOrder("prod_w_cap", "prod_w_tee");
    }

    private void writeFeed(String products) throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"id\":\"feed_withdrawal\",\"target_country\":\"US\"}");
        Files.writeString(dir.resolve("products.jsonl"), products);
        Files.writeString(dir.resolve("inventory.json"), "{\"w-tee-red\": 5}");
    }

    private static String line(String productId, String... variants) {
        StringBuilder line = new StringBuilder("{\"id\":\"" + productId + "\",\"variants\":[");
        for (int i = 0; i < variants.length; i++) {
            line.append(i == 0 ? "" : ",").append("{\"id\":\"").append(variants[i]).append("\",\"title\":\"Title ")
                    .append(variants[i]).append("\",\"price\":{\"amount\":1000,\"currency\":\"USD\"}}");
        }
        return line.append("]}").toString();
    }
}
