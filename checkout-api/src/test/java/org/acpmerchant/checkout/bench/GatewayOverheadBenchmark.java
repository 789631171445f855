package org.acpmerchant.checkout.bench;

import static org.acpmerchant.checkout.session.Fixtures.T0;
import static org.acpmerchant.checkout.session.Fixtures.inputs;
import static org.acpmerchant.checkout.session.Fixtures.payableQuote;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.acpmerchant.checkout.CheckoutProperties;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.checkout.edge.versions.ApiVersions;
import org.acpmerchant.checkout.edge.IdempotencyKey;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.RequestFingerprint;
import org.acpmerchant.checkout.edge.versions.AcpVersions;
import org.acpmerchant.checkout.edge.versions.Operation;
import org.acpmerchant.checkout.session.api.CheckoutSessionEvent.CheckoutSessionCreated;
import org.acpmerchant.checkout.session.domain.SessionEvolution;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.platform.testing.LocalInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The gateway's own cost per create request, without pricing or the command: bearer authentication, API-Version,
 * the idempotency claim and finish on a real PostgreSQL, request parsing and response rendering, and (for a
 * 2025-09-29 agent) the version mapping of request and response on top. Prints medians and
 * p99s of one run; asserts nothing. Run: {@code ./mvnw -pl checkout-api test -Dtest=GatewayOverheadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (not part of the normal test run: the class name matches no pattern).
 */
class GatewayOverheadBenchmark {

    private static final int WARMUP = 2_000;
    private static final int RUNS = 5_000;

    @Test
    void measure() {
        var dataSource = LocalInfrastructure.migratedDatabase("acp_bench", "checkout", 4, "classpath:db/axon",
                "classpath:db/checkout");
        var jdbc = new JdbcTemplate(dataSource);
        var store = new IdempotencyStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                Clock.systemUTC(), Duration.ofHours(24), Duration.ofSeconds(60));
        var authenticator = new AgentAuthenticator(List.of(new CheckoutProperties.Agent("agent",
                List.of(AgentAuthenticator.sha256Hex("token-a"), AgentAuthenticator.sha256Hex("token-b")), null)));
        var parser = new AcpRequestParser();
        var renderer = new AcpSessionRenderer(new CheckoutProperties(null, null, null, null, null, null, null, null,
                null, null, null, java.util.Map.of("terms_of_use", "https://merchant.example.com/terms"), null));
        SessionState state = SessionEvolution.evolve(null,
                new CheckoutSessionCreated("cs_bench", "agent", inputs(), payableQuote(), T0, T0.plusSeconds(1800)));
        byte[] body = ("{\"currency\":\"usd\",\"line_items\":[{\"id\":\"shirt-m\",\"quantity\":2}],"
                + "\"capabilities\":{\"interventions\":{\"supported\":[\"3ds\"]}},\"fulfillment_details\":{\"name\":\"Jo\","
                + "\"address\":{\"name\":\"Jo\",\"line_one\":\"1 Main\",\"city\":\"SF\",\"state\":\"CA\",\"country\":\"US\","
                + "\"postal_code\":\"94131\"}}}").getBytes(StandardCharsets.UTF_8);

        var v1 = AcpVersions.of(new CheckoutProperties(null, null, null, null, null, null, null, null, null, null, null,
                null, null)).get("2025-09-29");
        byte[] v1Body = ("{\"items\":[{\"id\":\"shirt-m\",\"quantity\":2}],\"fulfillment_address\":{\"name\":\"Jo\","
                + "\"line_one\":\"1 Main\",\"city\":\"SF\",\"state\":\"CA\",\"country\":\"US\",\"postal_code\":\"94131\"}}")
                .getBytes(StandardCharsets.UTF_8);
        long[][] samples = new long[5][RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            authenticator.authenticate("Bearer token-b").orElseThrow();
            org.acpmerchant.checkout.edge.VersionHeader.require(ApiVersions.CANONICAL, ApiVersions.SUPPORTED);
            long t1 = System.nanoTime();
            String key = UUID.randomUUID().toString();
            var claim = (IdempotencyStore.Proceed) store.claim("agent", "/checkout_sessions", key,
                    RequestFingerprint.of(body));
            long t2 = System.nanoTime();
            parser.parseCreate(body);
            String response = renderer.render(state, T0).toString();
            long t3 = System.nanoTime();
            var held = new IdempotencyKey("agent", "/checkout_sessions", key, claim.claimId());
            store.markApplied(held, "cs_bench"); // in production inside the command's own transaction
            store.finish(held, 201, response);
            long t4 = System.nanoTime();
            var rendered = renderer.render(state, T0);
            long t5 = System.nanoTime();
            v1.upgradeRequestBody(Operation.CREATE, v1Body);
            v1.downgradeResponse(Operation.CREATE, rendered);
            long t6 = System.nanoTime();
            if (i >= WARMUP) {
                int n = i - WARMUP;
                samples[0][n] = t1 - t0;
                samples[1][n] = (t2 - t1) + (t4 - t3);
                samples[2][n] = t3 - t2;
                samples[3][n] = t4 - t0;
                samples[4][n] = t6 - t5;
            }
        }
        String[] names = {"auth + API-Version", "idempotency (claim + applied + finish, PostgreSQL)", "parse + render",
            "total (2026-04-17)", "2025-09-29 mapping (request up + response down)"};
        System.out.printf("gateway overhead per create request, %d runs after %d warm-up:%n", RUNS, WARMUP);
        for (int s = 0; s < names.length; s++) {
            long[] sorted = samples[s].clone();
            Arrays.sort(sorted);
            System.out.printf("  %-50s median %8.1f µs   p99 %8.1f µs%n", names[s], sorted[RUNS / 2] / 1e3,
                    sorted[(int) Math.ceil(RUNS * 0.99) - 1] / 1e3);
        }
    }
}
