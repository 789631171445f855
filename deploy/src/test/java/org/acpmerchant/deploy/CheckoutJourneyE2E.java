package org.acpmerchant.deploy;

import static org.acpmerchant.deploy.AcpClient.completeBody;
import static org.acpmerchant.deploy.AcpClient.createBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.acpmerchant.checkout.support.AcpSchemas;
import org.acpmerchant.deploy.AcpClient.Response;
import org.acpmerchant.platform.axon.ConstructorAggregateFactory;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The whole system end to end: the four services on a real PostgreSQL and a real Kafka broker, Stripe through
 * stripe-java against the stand-in, and the agent's webhook receiver verifying every signature.
 */
@ExtendWith(SharedStack.class)
class CheckoutJourneyE2E {

    static LocalStack stack;
    static AcpClient agent;

    @BeforeAll
    static void startStack() throws Exception {
        stack = SharedStack.stack();
        agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
    }

    @Test
    void create_update_complete_thenSignedOrderWebhooks() {
        Response created = agent.post("/checkout_sessions", createBody("tee-red-m", 2));
        assertThat(created.status()).isEqualTo(201);
        assertValid(created);
        assertThat(created.body().get("status").asText()).isEqualTo("ready_for_payment");
        String id = created.body().get("id").asText();

        Response updated = agent.post("/checkout_sessions/" + id,
                "{\"line_items\":[{\"id\":\"tee-red-m\",\"quantity\":2},{\"id\":\"daypack-black\",\"quantity\":1}],"
                        + "\"selected_fulfillment_options\":[{\"type\":\"shipping\",\"option_id\":\"express\",\"item_ids\":[]}]}");
        assertThat(updated.status()).isEqualTo(200);
        assertValid(updated);
        assertThat(updated.body().get("line_items")).hasSize(2);
        assertThat(updated.body().at("/selected_fulfillment_options/0/option_id").asText()).isEqualTo("express");
        long total = total(updated);
        assertThat(total).isPositive();

        Response completed = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(completed.status()).isEqualTo(200);
        assertValid(completed);
        assertThat(completed.body().get("status").asText()).isEqualTo("completed");
        String orderId = completed.body().at("/order/id").asText();
        assertThat(orderId).isNotBlank();
        assertThat(total(completed)).isEqualTo(total);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(orderId).size() >= 2);
        List<WebhookReceiver.Delivery> events = deliveries(orderId);
        assertThat(events.get(0).type()).isEqualTo("order_create");
        assertThat(events.get(0).body().at("/data/checkout_session_id").asText()).isEqualTo(id);
        assertThat(events.get(1).type()).isEqualTo("order_update");
        assertThat(events.get(1).status()).isEqualTo("confirmed");
        assertThat(stack.receiver().rejectedSignatures()).isZero();
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.stripe().captures() >= 1);

        assertThat(agent.post("/checkout_sessions/" + id + "/cancel", "{}").status()).isEqualTo(405);
        assertThat(agent.get("/checkout_sessions/" + id).body().get("status").asText()).isEqualTo("completed");
    }

    /** ADR 0063: every aggregate is made by its constructor at each load, not as a Spring prototype bean. */
    @Test
    void everyAggregate_isLoadedThroughAxonsPlainFactory() {
        Map<String, List<String>> repositories = Map.of("checkout-api", List.of("checkoutSessionRepository"),
                "pricing-service", List.of("stockReservationRepository", "variantLedgerRepository"),
                "payment-service", List.of("paymentRepository"), "order-service", List.of("orderRepository"));
        repositories.forEach((service, names) -> names.forEach(name -> assertThat(
                stack.context(service).getBean(name, EventSourcingRepository.class).getAggregateFactory())
                .as("%s's %s", service, name).isInstanceOf(ConstructorAggregateFactory.class)));
    }

    /**
     * ADR 0064: the services share one logback context here; only the gateway's logback metrics hook a turbo filter
     * into it, and no service has exemplars on its metrics (the platform default the stack's exclusion repeats).
     */
    @Test
    void oneLogbackTurboFilter_andNoExemplars_inTheSharedJvm() {
        for (String service : List.of("checkout-api", "pricing-service", "payment-service", "order-service")) {
            assertThat(stack.context(service).getBeanNamesForType(LogbackMetrics.class)).as(service)
                    .hasSize(service.equals("checkout-api") ? 1 : 0);
            assertThat(stack.context(service).getBeanNamesForType(SpanContext.class)).as(service).isEmpty();
        }
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList()).hasSize(1);
    }

    @Test
    void decline_leavesSessionPayable_releasesStock_createsNoOrder_thenSuccessCompletes() {
        String id = agent.post("/checkout_sessions", createBody("tee-blue-m", 2)).body().get("id").asText();

        Response declined = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_decline"));
        assertThat(declined.status()).isEqualTo(200);
        assertValid(declined);
        assertThat(declined.body().get("status").asText()).isEqualTo("ready_for_payment");
        assertThat(declined.body().get("messages").findValuesAsText("code")).contains("low_stock", "payment_declined");
        assertThat(declined.body().has("order")).isFalse();
        assertThat(stack.stripe().successfulPaymentIntents(id)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> stock("tee-blue-m", "reserved") == 0);
        assertThat(stock("tee-blue-m", "on_hand")).isEqualTo(2);

        Response completed = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(completed.body().get("status").asText()).isEqualTo("completed");
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        String orderId = completed.body().at("/order/id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(orderId).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> stock("tee-blue-m", "on_hand") == 0);
        assertThat(stock("tee-blue-m", "reserved")).isZero();
        assertThat(stack.receiver().deliveries()).noneMatch(d -> d.body().at("/data/checkout_session_id").asText()
                .equals(id) && !d.orderId().equals(orderId));
    }

    @Test
    void outOfStockItem_isNotReadyForPayment() {
        Response created = agent.post("/checkout_sessions", createBody("mug-white", 1));
        assertThat(created.status()).isEqualTo(201);
        assertValid(created);
        assertThat(created.body().get("status").asText()).isEqualTo("not_ready_for_payment");
        assertThat(created.body().get("messages").toString()).contains("out_of_stock");
        String id = created.body().get("id").asText();
        assertThat(agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success")).status())
                .isEqualTo(409);
    }

    @Test
    void unknownItem_isA400_withParam() {
        Response response = agent.post("/checkout_sessions", createBody("no-such-item", 1));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("code").asText()).isEqualTo("invalid_item_id");
        assertThat(response.body().get("param").asText()).isEqualTo("$.line_items[0].id");
    }

    @Test
    void cancel_thenCancelAgainIs405() {
        String id = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        Response canceled = agent.post("/checkout_sessions/" + id + "/cancel",
                "{\"intent_trace\":{\"reason_code\":\"price_sensitivity\",\"trace_summary\":\"too pricey\"}}");
        assertThat(canceled.status()).isEqualTo(200);
        assertValid(canceled);
        assertThat(canceled.body().get("status").asText()).isEqualTo("canceled");
        assertThat(canceled.body().toString()).doesNotContain("too pricey");
        assertThat(agent.post("/checkout_sessions/" + id + "/cancel", "").status()).isEqualTo(405);
    }

    @Test
    void threeDs_requiresAuthenticationResult_thenCompletes() {
        String id = agent.post("/checkout_sessions", createBody("tee-red-m", 1)).body().get("id").asText();
        Response challenged = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_3ds_required"));
        assertThat(challenged.status()).isEqualTo(200);
        assertValid(challenged);
        assertThat(challenged.body().get("status").asText()).isEqualTo("authentication_required");
        assertThat(challenged.body().at("/authentication_metadata/acquirer_details/acquirer_bin").asText()).isNotBlank();

        Response missing = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_3ds_required"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("code").asText()).isEqualTo("requires_3ds");
        assertThat(missing.body().get("param").asText()).isEqualTo("$.authentication_result");

        String withResult = completeBody("spt_test_3ds_required").replaceFirst("\\}$",
                ",\"authentication_result\":{\"outcome\":\"authenticated\",\"outcome_details\":{"
                        + "\"three_ds_cryptogram\":\"AAABBBCCC=\",\"electronic_commerce_indicator\":\"05\","
                        + "\"transaction_id\":\"ds_trans_1\",\"version\":\"2.2.0\"}}}");
        Response completed = agent.post("/checkout_sessions/" + id + "/complete", withResult);
        assertThat(completed.body().get("status").asText()).as(completed.body().toString()).isEqualTo("completed");
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
    }

    @Test
    void concurrentCompletes_createOneOrder_andOneCharge() throws Exception {
        String id = agent.post("/checkout_sessions", createBody("daypack-black", 1)).body().get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Response> call = () -> agent.post("/checkout_sessions/" + id + "/complete",
                    completeBody("spt_test_success"));
            results.add(pool.submit(call));
        }
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : results) {
            responses.add(f.get());
        }
        pool.shutdown();
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body().toString()).isLessThan(500));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "completed".equals(agent.get("/checkout_sessions/" + id).body().get("status").asText()));
        String orderId = agent.get("/checkout_sessions/" + id).body().at("/order/id").asText();
        assertThat(responses).filteredOn(r -> r.status() == 200 && r.body().has("order"))
                .allSatisfy(r -> assertThat(r.body().at("/order/id").asText()).isEqualTo(orderId));
        assertThat(stack.stripe().successfulPaymentIntents(id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !deliveries(orderId).isEmpty());
        assertThat(stack.receiver().deliveries().stream()
                .filter(d -> d.type().equals("order_create"))
                .filter(d -> d.body().at("/data/checkout_session_id").asText().equals(id))).hasSize(1);
    }

    /**
     * Every older API version completes over HTTP in its own request shape (2025-09-29 … 2026-01-16 send
     * {@code payment_data {token, provider}}, 2026-01-30 a handler and instrument) and gets a completed session with
     * an order that is valid against its own schema.
     */
    @Test
    void olderVersions_completeOverHttp_inTheirOwnShapes() {
        String address = "{\"name\":\"Jane Doe\",\"line_one\":\"1 Market St\",\"city\":\"San Francisco\","
                + "\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94105\"}";
        String legacyCreate = "{\"items\":[{\"id\":\"tee-red-m\",\"quantity\":1}],\"fulfillment_address\":"
                + address + ",\"buyer\":{\"first_name\":\"Jane\",\"last_name\":\"Doe\","
                + "\"email\":\"jane@example.com\"}}";
        // 2025-12-12 and 2026-01-16 replaced fulfillment_address by fulfillment_details.
        String detailsCreate = legacyCreate.replace("\"fulfillment_address\":" + address,
                "\"fulfillment_details\":{\"name\":\"Jane Doe\",\"address\":" + address + "}");
        String legacyComplete = "{\"payment_data\":{\"token\":\"spt_test_success\",\"provider\":\"stripe\"}}";
        String[][] versions = {
            {"2025-09-29", legacyCreate, legacyComplete},
            {"2025-12-12", detailsCreate, legacyComplete},
            {"2026-01-16", detailsCreate, legacyComplete},
            {"2026-01-30", "{\"currency\":\"usd\",\"line_items\":[{\"id\":\"tee-red-m\"}],\"capabilities\":{},"
                    + "\"fulfillment_details\":{\"name\":\"Jane Doe\",\"address\":" + address + "}}",
                completeBody("spt_test_success")},
        };
        for (String[] v : versions) {
            AcpClient client = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN, v[0]);
            Response created = client.post("/checkout_sessions", v[1]);
            assertThat(created.status()).as(v[0] + " " + created.body()).isEqualTo(201);
            assertValid(v[0], created);
            assertThat(created.body().get("status").asText()).as(v[0] + " " + created.body())
                    .isEqualTo("ready_for_payment");
            String id = created.body().get("id").asText();

            Response completed = client.post("/checkout_sessions/" + id + "/complete", v[2]);
            assertThat(completed.status()).as(v[0] + " " + completed.body()).isEqualTo(200);
            assertThat(completed.body().get("status").asText()).as(v[0]).isEqualTo("completed");
            assertThat(completed.body().at("/order/id").asText()).as(v[0]).isNotBlank();
            assertThat(completed.body().at("/order/checkout_session_id").asText()).isEqualTo(id);
            assertValid(v[0], completed);
            assertThat(stack.stripe().successfulPaymentIntents(id)).as(v[0]).isEqualTo(1);
        }
    }

    /**
     * Units that will never ship go back to stock: the merchant cancels one of two units (a partial refund), then the
     * rest of the order (a full cancel); pricing's on-hand count returns to where it was before the sale.
     */
    @Test
    void merchantCancellations_putTheUnitsBackInStock() throws Exception {
        int before = stock("daypack-black", "on_hand");
        String id = agent.post("/checkout_sessions", createBody("daypack-black", 2)).body().get("id").asText();
        Response completed = agent.post("/checkout_sessions/" + id + "/complete", completeBody("spt_test_success"));
        assertThat(completed.body().get("status").asText()).isEqualTo("completed");
        String orderId = completed.body().at("/order/id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> stock("daypack-black", "on_hand") == before - 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(orderId).stream()
                .anyMatch(d -> "confirmed".equals(d.status())));

        var cancelOne = merchant("/merchant/orders/" + orderId + "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}", "cnl-" + orderId);
        assertThat(cancelOne.statusCode()).as(cancelOne.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stock("daypack-black", "on_hand") == before - 1);
        var cancelRest = merchant("/merchant/orders/" + orderId + "/cancel", "{}", null);
        assertThat(cancelRest.statusCode()).as(cancelRest.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stock("daypack-black", "on_hand") == before);
        // Replaying the same cancellation changes nothing.
        assertThat(merchant("/merchant/orders/" + orderId + "/line_item_cancellations",
                "{\"line_items\":[{\"id\":\"li_1\",\"quantity\":1}],\"reason\":\"damaged\"}", "cnl-" + orderId)
                .statusCode()).isEqualTo(202);
        Thread.sleep(1_000);
        assertThat(stock("daypack-black", "on_hand")).isEqualTo(before);
    }

    private static java.net.http.HttpResponse<String> merchant(String path, String body, String key) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + stack.port("order-service") + path))
                .header("Authorization", "Bearer " + LocalStack.MERCHANT_API_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static int stock(String variant, String column) {
        return stack.context("pricing-service").getBean(org.springframework.jdbc.core.JdbcTemplate.class)
                .queryForObject("select " + column + " from stock_level where variant_id = ?", Integer.class, variant);
    }

    private static List<WebhookReceiver.Delivery> deliveries(String orderId) {
        return stack.receiver().deliveries().stream().filter(d -> d.orderId().equals(orderId)).toList();
    }

    private static long total(Response r) {
        for (var t : r.body().get("totals")) {
            if (t.get("type").asText().equals("total")) {
                return t.get("amount").asLong();
            }
        }
        return -1;
    }

    private static void assertValid(Response r) {
        assertValid("2026-04-17", r);
    }

    /** 2025-09-29's CheckoutSessionWithOrder can never validate (digest §26.2): session and order are checked apart. */
    private static void assertValid(String version, Response r) {
        if ("2025-09-29".equals(version) && r.body().has("order")) {
            var session = ((com.fasterxml.jackson.databind.node.ObjectNode) r.body().deepCopy());
            var order = session.remove("order");
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "CheckoutSession", session))
                    .as(r.body().toString()).isEmpty();
            assertThat(AcpSchemas.validate(version, "schema.agentic_checkout.json", "Order", order))
                    .as(order.toString()).isEmpty();
            return;
        }
        assertThat(AcpSchemas.validateSession(version, r.body())).as(version + " " + r.body()).isEmpty();
    }
}
