package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A year of past checkouts in a running local stack ({@code ACP_LOCAL_SEED_CHECKOUTS=N}): twelve real checkouts
 * through the APIs (digital; shipped and delivered; refunded) as templates, then the services stopped, the
 * {@link HistorySeeder} run, the services started again, and both read models rebuilt and switched in, so the console
 * finds the copies.
 */
public final class LocalHistory {

    static final List<String> SCHEMAS = List.of("checkout", "pricing", "payment", "orders");
    static final List<String> SERVICES = List.of("pricing-service", "payment-service", "order-service", "checkout-api");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalHistory() {}

    /** Seeds {@code checkouts} copies and rebuilds the session and order views; returns what was written. */
    public static HistorySeeder.Result seed(LocalStack stack, int checkouts, String opsToken, PrintStream out)
            throws Exception {
        templates(stack, 12, opsToken);
        HistorySeeder seeder = seeder(stack, out);
        await(seeder::caughtUp, Duration.ofSeconds(60), "the processors to catch up");
        HistorySeeder.Result result = stopSeedRestart(stack, seeder, checkouts, out);
        rebuild(stack, "order-service", "order-webhooks", opsToken);
        rebuild(stack, "checkout-api", "session-view", opsToken);
        return result;
    }

    /** Completed checkouts of three shapes: digital, shipped and delivered, refunded; returns their order ids. */
    public static List<String> templates(LocalStack stack, int n, String opsToken) throws Exception {
        AcpClient agent = new AcpClient(stack.gatewayUrl(), LocalStack.DEFAULT_AGENT_TOKEN);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String item = i % 3 == 0 ? "ebook-trail-guide" : "daypack-black";
            String id = agent.post("/checkout_sessions", AcpClient.createBody(item, 1)).body().get("id").asText();
            AcpClient.Response completed = agent.post("/checkout_sessions/" + id + "/complete",
                    AcpClient.completeBody("spt_test_success"));
            if (!completed.body().path("status").asText().equals("completed")) {
                throw new IllegalStateException("template checkout not completed: " + completed.body());
            }
            String orderId = completed.body().at("/order/id").asText();
            orders.add(orderId);
            await(() -> stack.receiver().deliveries().stream()
                    .anyMatch(d -> d.orderId().equals(orderId) && d.status().equals("confirmed")),
                    Duration.ofSeconds(30), "order " + orderId + " to be confirmed");
            if (i % 3 == 1) {
                String box = JSON.readTree(call(stack, "order-service", "POST", "/merchant/orders/" + orderId
                        + "/fulfillments", "", LocalStack.MERCHANT_API_TOKEN).body()).path("id").asText();
                expect(call(stack, "order-service", "POST", "/merchant/orders/" + orderId + "/fulfillments/" + box
                        + "/ship", "{\"carrier\":\"UPS\"}", LocalStack.MERCHANT_API_TOKEN), 202);
                expect(call(stack, "order-service", "POST", "/merchant/orders/" + orderId + "/fulfillments/" + box
                        + "/deliver", null, LocalStack.MERCHANT_API_TOKEN), 202);
            } else if (i % 3 == 2) {
                HttpRequest.Builder refund = request(stack, "order-service", "POST", "/ops/orders/" + orderId
                        + "/refunds", "{\"amount\":100,\"reason\":\"late_delivery\"}", opsToken)
                        .header("Idempotency-Key", "template-refund-" + orderId);
                expect(HTTP.send(refund.build(), HttpResponse.BodyHandlers.ofString()), 202);
            }
        }
        return orders;
    }

    public static HistorySeeder seeder(LocalStack stack, PrintStream out) {
        String url = stack.context("order-service").getEnvironment().getProperty("spring.datasource.url");
        return new HistorySeeder(url.substring(0, url.indexOf('?')), SCHEMAS, out);
    }

    /** Stops the four services (gateway first), seeds, starts them again. */
    public static HistorySeeder.Result stopSeedRestart(LocalStack stack, HistorySeeder seeder, int checkouts,
            PrintStream out) throws Exception {
        for (int i = SERVICES.size() - 1; i >= 0; i--) {
            stack.stop(SERVICES.get(i));
        }
        HistorySeeder.Result result = seeder.seed(checkouts, Duration.ofDays(365), 50);
        out.printf("[seed] %d checkouts from %d templates: %,d events in %d ms (%,.0f events/s) %s%n",
                result.checkouts(), result.templates(), result.totalEvents(), result.took().toMillis(),
                result.totalEvents() / Math.max(result.took().toNanos() / 1e9, 1e-3), result.events());
        for (String service : SERVICES) {
            stack.restart(service);
        }
        return result;
    }

    /** A rebuild switched in at once ({@code dry_run: false}), waited for. */
    static void rebuild(LocalStack stack, String service, String name, String opsToken) throws Exception {
        expect(call(stack, service, "POST", "/ops/projections/" + name + "/rebuild", "{\"dry_run\":false}", opsToken),
                202);
        await(() -> {
            JsonNode status = JSON.readTree(call(stack, service, "GET", "/ops/projections/" + name + "/rebuild", null,
                    opsToken).body());
            String phase = status.path("phase").asText();
            if (phase.equals("failed")) {
                throw new IllegalStateException("rebuild of " + name + " failed: " + status);
            }
            return phase.equals("switched");
        }, Duration.ofMinutes(30), "the rebuild of " + name);
    }

    private static HttpResponse<String> call(LocalStack stack, String service, String method, String path, String body,
            String token) throws Exception {
        return HTTP.send(request(stack, service, method, path, body, token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(LocalStack stack, String service, String method, String path,
            String body, String token) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port(service) + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, Duration max, String what) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
