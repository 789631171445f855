package org.acpmerchant.pricing.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.events.quote.QuoteRequest;
import org.acpmerchant.events.quote.QuoteRequest.QuoteLine;
import org.acpmerchant.pricing.quote.application.QuoteService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

class MerchantCatalogIT extends PricingIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Autowired Environment environment;
    @Autowired QuoteService quotes;

    record Reply(int status, JsonNode body, String raw) {}

    Reply call(String method, String path, String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(response.body());
        } catch (Exception notJson) {
            // products.jsonl
        }
        return new Reply(response.statusCode(), json, response.body());
    }

    String variant() {
        String variant = "it-merchant-" + UUID.randomUUID();
        jdbc.update("insert into catalog_variant (variant_id, product_id, title, price_amount, currency, digital) "
                + "values (?, 'p-merchant', 'Merchant item', 1000, 'USD', true)", variant);
        stock(variant, 3);
        return variant;
    }

    /** Other ITs count the catalog's variants: leave it as it was. */
    @AfterEach
    void removeTestVariants() {
        jdbc.update("delete from catalog_variant where variant_id like 'it-merchant-%'");
    }

    @Test
    void withoutTheMerchantToken_theApiIsClosed() throws Exception {
        String variant = variant();
        assertThat(call("GET", "/merchant/catalog/variants/" + variant, null, null).status()).isEqualTo(401);
        assertThat(call("PUT", "/merchant/catalog/variants/" + variant + "/price", "{\"amount\":1,\"currency\":\"USD\"}",
                "acp_local_test_token").status()).isEqualTo(401);
        assertThat(call("GET", "/merchant/catalog/export/products.jsonl", null, "nope").status()).isEqualTo(401);
    }

    @Test
    void priceAndStockChanges_areEventSourced_andAppliedToCatalogAndLedger() throws Exception {
        String variant = variant();

        Reply price = call("PUT", "/merchant/catalog/variants/" + variant + "/price",
                "{\"amount\":1250,\"currency\":\"usd\"}", MERCHANT_TOKEN);
        assertThat(price.status()).as(price.raw()).isEqualTo(200);
        assertThat(price.body().at("/price/amount").asLong()).isEqualTo(1250);
        Reply delta = call("POST", "/merchant/catalog/variants/" + variant + "/stock", "{\"delta\":4}", MERCHANT_TOKEN);
        assertThat(delta.body().get("on_hand").asInt()).isEqualTo(7);
        Reply set = call("POST", "/merchant/catalog/variants/" + variant + "/stock", "{\"on_hand\":2}", MERCHANT_TOKEN);
        assertThat(set.body().get("on_hand").asInt()).isEqualTo(2);
        Reply negative = call("POST", "/merchant/catalog/variants/" + variant + "/stock", "{\"delta\":-3}",
                MERCHANT_TOKEN);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(call("POST", "/merchant/catalog/variants/nope-" + variant + "/stock", "{\"delta\":1}",
                MERCHANT_TOKEN).status()).isEqualTo(404);
        assertThat(call("PUT", "/merchant/catalog/variants/" + variant + "/price", "{\"amount\":-1,\"currency\":\"USD\"}",
                MERCHANT_TOKEN).status()).isEqualTo(400);

        assertThat(eventTypesOf(variant)).extracting(t -> t.substring(t.lastIndexOf('.') + 1))
                .containsExactly("VariantPriceChanged", "StockLevelAdjusted", "StockLevelAdjusted");
        assertThat(level(variant)).containsExactly(2, 0);
        var quote = quotes.quote(new QuoteRequest("qr", "cs", "usd", List.of(new QuoteLine(variant, 1)), null, null,
                null));
        assertThat(quote.lines().get(0).unitAmount()).isEqualTo(1250);
        assertThat(quote.lines().get(0).availableQuantity()).isEqualTo(2);
    }

    @Test
    void export_streamsTheCatalogAsAcpFeedFiles() throws Exception {
        String variant = variant();

        Reply metadata = call("GET", "/merchant/catalog/export/metadata.json", null, MERCHANT_TOKEN);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.body().get("id").asText()).isNotBlank();
        Reply products = call("GET", "/merchant/catalog/export/products.jsonl", null, MERCHANT_TOKEN);
        assertThat(products.status()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : products.raw().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        JsonNode exported = lines.stream().filter(p -> p.get("id").asText().equals("p-merchant")).findFirst()
                .orElseThrow();
        assertThat(exported.get("variants").findValuesAsText("id")).contains(variant);
        assertThat(lines).extracting(p -> p.get("id").asText()).doesNotHaveDuplicates().isSorted();
    }
}
