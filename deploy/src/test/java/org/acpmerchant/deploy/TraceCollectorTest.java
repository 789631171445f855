package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stack's own OTLP receiver: keeps export requests as received, decodes them when read, bounded by bytes. */
class TraceCollectorTest {

    final HttpClient http = HttpClient.newHttpClient();
    TraceCollector collector;

    @AfterEach
    void stop() {
        if (collector != null) {
            collector.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void whatIsReceived_isReadBack_spanForSpan_plainOrGzipped(long seed) throws Exception {
        collector = new TraceCollector(true).start(0);
        Random random = new Random(seed);
        List<String> sent = new ArrayList<>();
        int requests = 1 + random.nextInt(6);
        for (int r = 0; r < requests; r++) {
            int count = 1 + random.nextInt(20);
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String session = "cs_" + random.nextInt(5);
                byte[] trace = new byte[16];
                random.nextBytes(trace);
                spans.add(span(trace, "step-" + r + "-" + i, session));
                sent.add("step-" + r + "-" + i + "/" + session);
            }
            assertThat(post(request("svc-" + r, spans).toByteArray(), random.nextBoolean())).isEqualTo(200);
        }

        assertThat(collector.requests()).isEqualTo(requests);
        assertThat(collector.spans()).extracting(s -> s.name() + "/" + s.attribute("acp.session_id"))
                .containsExactlyElementsOf(sent);
        assertThat(collector.spans()).allSatisfy(s -> assertThat(s.service()).startsWith("svc-"));
        assertThat(collector.undecodable()).isZero();
    }

    @Test
    void aBodyThatIsNotOtlp_isCountedWhenRead_andTheOthersStillDecode() throws Exception {
        collector = new TraceCollector(true).start(0);
        assertThat(post(new byte[] {(byte) 0xff, 0x01, 0x02}, false)).isEqualTo(200);
        assertThat(post(request("svc", List.of(span(new byte[16], "ok", "cs_1"))).toByteArray(), false)).isEqualTo(200);

        assertThat(collector.spans()).extracting(TraceCollector.ReceivedSpan::name).containsExactly("ok");
        assertThat(collector.undecodable()).isEqualTo(1);
    }

    @Test
    void beyondTheByteBound_theOldestRequestsAreDropped() throws Exception {
        collector = new TraceCollector(true).start(0);
        // One span with a 1 MiB attribute per request: 40 requests are past the 32 MiB bound.
        String filler = "x".repeat(1 << 20);
        for (int i = 0; i < 40; i++) {
            Span span = span(new byte[16], "n" + i, "cs_1").toBuilder().addAttributes(KeyValue.newBuilder()
                    .setKey("filler").setValue(AnyValue.newBuilder().setStringValue(filler))).build();
            assertThat(post(request("svc", List.of(span)).toByteArray(), false)).isEqualTo(200);
        }
        List<String> names = collector.spans().stream().map(TraceCollector.ReceivedSpan::name).toList();
        assertThat(names).hasSizeLessThan(40).hasSizeGreaterThan(20).endsWith("n39");
        assertThat(names.get(0)).isEqualTo("n" + (40 - names.size()));
        assertThat(collector.bytes()).isGreaterThan(40L << 20);
    }

    private int post(byte[] body, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(collector.url()))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            body = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Span span(byte[] traceId, String name, String session) {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(new byte[8]))
                .setName(name).setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(1).setEndTimeUnixNano(2)
                .addAttributes(KeyValue.newBuilder().setKey("acp.session_id")
                        .setValue(AnyValue.newBuilder().setStringValue(session)))
                .build();
    }

    private static ExportTraceServiceRequest request(String service, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    }
}
