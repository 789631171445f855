package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The benchmark reads the gateway's create gate and its target from Prometheus' text format (ADR 0059), and the
 * gateway's own timer of the requests it refused.
 */
class AdmissionGaugesTest {

    private static final String EXPOSITION = """
            # HELP acp_admission_create_gate Completes and creates in flight from which new checkouts are refused
            # TYPE acp_admission_create_gate gauge
            acp_admission_create_gate{application="checkout-api",instance="a"} 24.0
            acp_admission_create_gate{application="checkout-api",instance="b"} 7.0
            acp_admission_create_gate_other{application="checkout-api"} 1.0
            # TYPE acp_admission_target_complete_latency_seconds gauge
            acp_admission_target_complete_latency_seconds{application="checkout-api",instance="a"} 2.0
            acp_admission_target_complete_latency_seconds{application="checkout-api",instance="b"} 3.9
            acp_admission_refused_total{application="checkout-api",operation="change"} 5.0
            """;

    @Test
    void readsTheLowestGateAndTheHighestTarget_ofEveryReplica() {
        assertThat(AdmissionGauges.lowest(EXPOSITION, AdmissionGauges.GATE)).hasValue(7.0);
        assertThat(AdmissionGauges.highest(EXPOSITION, AdmissionGauges.TARGET)).hasValue(3.9);
        assertThat(AdmissionGauges.lowest("acp_admission_create_gate 12\n", AdmissionGauges.GATE)).hasValue(12.0);
        assertThat(AdmissionGauges.lowest("# TYPE acp_admission_create_gate gauge\n", AdmissionGauges.GATE)).isEmpty();
        assertThat(AdmissionGauges.lowest("acp_admission_create_gate_other 1\n", AdmissionGauges.GATE)).isEmpty();
    }

    @Test
    void readsOverHttp_keepsTheRange_andCountsWhatItCouldNotRead() throws Exception {
        AtomicReference<String> body = new AtomicReference<>(EXPOSITION);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/prometheus", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(bytes.length == 0 ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            var gauges = new AdmissionGauges(HttpClient.newHttpClient(), URI.create(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/prometheus"));
            gauges.read();
            body.set("""
                    acp_admission_create_gate{application="checkout-api"} 4.0
                    acp_admission_target_complete_latency_seconds{application="checkout-api"} 6.0
                    """ + exposition(List.of(List.of(0.002, 0.004, 0.02, 12.0), List.of(), List.of(), List.of(0.3))));
            gauges.read();
            body.set("");
            gauges.read();
            assertThat(gauges.reads()).isEqualTo(2);
            assertThat(gauges.gateMin()).isEqualTo(4.0);
            assertThat(gauges.gateMax()).isEqualTo(7.0);
            assertThat(gauges.targetMin()).isEqualTo(3.9);
            assertThat(gauges.targetMax()).isEqualTo(6.0);
            assertThat(gauges.summary()).contains("2 reads").contains("4 to 7 in flight").contains("3.9 to 6.0 s")
                    .contains("refused inside the gateway (its http_server_requests timer, 429/503, first to last"
                            + " read): 4, mean 3006.5 ms, p50 <= 5 ms, p99 <= above the largest bucket");
        } finally {
            server.stop(0);
        }
        var nobody = new AdmissionGauges(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:1/none"));
        nobody.read();
        assertThat(nobody.summary()).startsWith("create gate: not read").contains("1 reads without its gauges");
        var once = new AdmissionGauges(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:1/none"));
        assertThat(once.refusedInWindow()).as("no window before two reads").isNull();
    }

    /** The bounds the gateway's histogram has (PlatformMetricsConfiguration), in seconds. */
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 10};

    /**
     * 40 generated windows: refusals (status 503 on two paths, 429 on one) added to a random earlier state, beside
     * answered requests that must not count. The window's count, mean and p50/p99 bounds equal those of the added
     * refusals' latencies, a quantile's bound being the smallest bucket holding that share of them.
     */
    @Test
    void theRefusalsOfAWindow_areReadFromTheGatewaysHistogram() {
        for (int run = 0; run < 40; run++) {
            Random random = new Random(31L * run + 5);
            List<List<Double>> before = series(random, random.nextInt(200));
            List<List<Double>> added = series(random, 1 + random.nextInt(500));
            List<List<Double>> after = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                List<Double> all = new ArrayList<>(before.get(i));
                all.addAll(added.get(i));
                after.add(all);
            }
            var window = AdmissionGauges.Refusals.parse(exposition(after))
                    .since(AdmissionGauges.Refusals.parse(exposition(before)));

            double[] refused = added.subList(0, 3).stream().flatMap(List::stream).mapToDouble(d -> d).sorted()
                    .toArray();
            assertThat(window.count()).as("run %d", run).isEqualTo(refused.length);
            assertThat(window.sum()).as("run %d", run).isCloseTo(Arrays.stream(refused).sum(), within(1e-9));
            for (double q : new double[] {0.5, 0.99}) {
                double value = refused[(int) Math.ceil(q * refused.length) - 1];
                double expected = Arrays.stream(BOUNDS).filter(b -> b >= value).findFirst()
                        .orElse(Double.POSITIVE_INFINITY);
                assertThat(window.quantileBound(q)).as("run %d, q %s", run, q).isEqualTo(expected);
            }
        }
    }

    /** Latencies (s) of four series: 503 on create, 503 on complete, 429 on create, and 201 on create (ignored). */
    private static List<List<Double>> series(Random random, int n) {
        List<List<Double>> series = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>()));
        for (int i = 0; i < n; i++) {
            // mostly fast, a tail up to 12 s (past the largest bound)
            double latency = random.nextInt(20) == 0 ? random.nextDouble() * 12 : random.nextDouble() * 0.06;
            series.get(random.nextInt(4)).add(latency);
        }
        return series;
    }

    /** The series as Micrometer writes a timer with those bounds: cumulative buckets, +Inf, count and sum. */
    private static String exposition(List<List<Double>> series) {
        String[] labels = {"status=\"503\",uri=\"/checkout_sessions\"",
            "status=\"503\",uri=\"/checkout_sessions/{id}/complete\"", "status=\"429\",uri=\"/checkout_sessions\"",
            "status=\"201\",uri=\"/checkout_sessions\""};
        StringBuilder out = new StringBuilder("# TYPE http_server_requests_seconds histogram\n");
        for (int i = 0; i < labels.length; i++) {
            List<Double> latencies = series.get(i);
            String l = "application=\"checkout-api\",method=\"POST\"," + labels[i];
            for (double bound : BOUNDS) {
                long under = latencies.stream().filter(d -> d <= bound).count();
                out.append(String.format(Locale.ROOT, "http_server_requests_seconds_bucket{%s,le=\"%s\"} %d%n", l,
                        bound, under));
            }
            out.append(String.format(Locale.ROOT, "http_server_requests_seconds_bucket{%s,le=\"+Inf\"} %d%n", l,
                    latencies.size()));
            out.append(String.format(Locale.ROOT, "http_server_requests_seconds_count{%s} %d%n", l, latencies.size()));
            out.append(String.format(Locale.ROOT, "http_server_requests_seconds_sum{%s} %s%n", l,
                    latencies.stream().mapToDouble(d -> d).sum()));
        }
        return out.toString();
    }
}
