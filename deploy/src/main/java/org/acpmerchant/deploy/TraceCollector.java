package org.acpmerchant.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf), standing in for an OpenTelemetry collector: the
 * services export to it exactly as they would to a real one. It keeps the latest export requests as received (at most
 * {@value #MAX_KEPT_BYTES} bytes, the oldest dropped first) and decodes one into spans only when someone reads them
 * (a test, or a developer's {@code GET /v1/traces?session_id=…} or {@code trace_id=…}, answered as JSON), once: a
 * stack under load pays for receiving its spans, not for parsing them. {@code keep=false} reads and drops what it
 * receives without keeping it: a sink for measuring what tracing costs the services.
 */
public final class TraceCollector {

    public static final String PATH = "/v1/traces";

    /** One received span; ids in lower-case hex, attributes as strings, times in Unix nanoseconds. */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            String kind, long startNanos, long endNanos, Map<String, String> attributes) {

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    static final int MAX_KEPT_BYTES = 32 << 20;

    /** One export request as received; {@code spans} is null until it is first read. */
    private static final class Batch {
        final byte[] raw;
        final boolean gzip;
        List<ReceivedSpan> spans;

        Batch(byte[] raw, boolean gzip) {
            this.raw = raw;
            this.gzip = gzip;
        }
    }

    private final AtomicLong bytes = new AtomicLong();

    private final boolean keep;
    /** Guarded by itself, as is {@link #keptBytes}. */
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private long keptBytes;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private HttpServer server;

    public TraceCollector(boolean keep) {
        this.keep = keep;
    }

    public TraceCollector start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(PATH, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "trace-collector");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The spans kept, oldest export first. */
    public List<ReceivedSpan> spans() {
        List<ReceivedSpan> all = new ArrayList<>();
        synchronized (batches) {
            for (Batch batch : batches) {
                all.addAll(decoded(batch));
            }
        }
        return all;
    }

    public List<ReceivedSpan> trace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Kept export requests that were not OTLP protobuf, found when they were read. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Export requests received since the start. */
    public long requests() {
        return requests.get();
    }

    /** Bytes of export requests received since the start. */
    public long bytes() {
        return bytes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET")) {
                query(exchange);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!keep) {
                bytes.addAndGet(exchange.getRequestBody().transferTo(OutputStream.nullOutputStream()));
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            bytes.addAndGet(raw.length);
            requests.incrementAndGet();
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            Batch batch = new Batch(raw, gzip);
            synchronized (batches) {
                batches.addLast(batch);
                keptBytes += raw.length;
                while (keptBytes > MAX_KEPT_BYTES && batches.size() > 1) {
                    keptBytes -= batches.removeFirst().raw.length;
                }
            }
            // An empty ExportTraceServiceResponse: full success, no partial rejection to report.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Guarded by {@link #batches}. */
    private List<ReceivedSpan> decoded(Batch batch) {
        if (batch.spans != null) {
            return batch.spans;
        }
        List<ReceivedSpan> spans = new ArrayList<>();
        try (InputStream body = batch.gzip ? new GZIPInputStream(new ByteArrayInputStream(batch.raw))
                : new ByteArrayInputStream(batch.raw)) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = attributes(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (var span : scope.getSpansList()) {
                        spans.add(new ReceivedSpan(service, hex(span.getTraceId().toByteArray()),
                                hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()),
                                span.getName(), span.getKind().name(), span.getStartTimeUnixNano(),
                                span.getEndTimeUnixNano(), attributes(span.getAttributesList())));
                    }
                }
            }
        } catch (IOException e) {
            undecodable.incrementAndGet();
        }
        batch.spans = List.copyOf(spans);
        return batch.spans;
    }

    /** The spans of the traces a session took part in (or of one trace), in start order, as JSON. */
    private void query(HttpExchange exchange) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        Set<String> traces = new HashSet<>();
        if (params.containsKey("trace_id")) {
            traces.add(params.get("trace_id"));
        }
        List<ReceivedSpan> spans = spans();
        if (params.containsKey("session_id")) {
            spans.stream().filter(s -> params.get("session_id").equals(s.attribute("acp.session_id")))
                    .forEach(s -> traces.add(s.traceId()));
        }
        List<ReceivedSpan> found = spans.stream().filter(s -> traces.contains(s.traceId()))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
        byte[] response = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of(
                "trace_ids", traces, "spans", found));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, response.length);
        exchange.getResponseBody().write(response);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : values) {
            map.put(kv.getKey(), text(kv.getValue()));
        }
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> {
                List<String> items = new ArrayList<>();
                value.getArrayValue().getValuesList().forEach(v -> items.add(text(v)));
                yield items.toString();
            }
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
