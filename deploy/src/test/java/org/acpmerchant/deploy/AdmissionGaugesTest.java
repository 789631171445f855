package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The benchmark reads the gateway's create gate and its target from Prometheus' text format (ADR 0059). */
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
                    """);
            gauges.read();
            body.set("");
            gauges.read();
            assertThat(gauges.reads()).isEqualTo(2);
            assertThat(gauges.gateMin()).isEqualTo(4.0);
            assertThat(gauges.gateMax()).isEqualTo(7.0);
            assertThat(gauges.targetMin()).isEqualTo(3.9);
            assertThat(gauges.targetMax()).isEqualTo(6.0);
            assertThat(gauges.summary()).contains("2 reads").contains("4 to 7 in flight").contains("3.9 to 6.0 s");
        } finally {
            server.stop(0);
        }
        var nobody = new AdmissionGauges(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:1/none"));
        nobody.read();
        assertThat(nobody.summary()).startsWith("create gate: not read").contains("1 reads without its gauges");
    }
}
