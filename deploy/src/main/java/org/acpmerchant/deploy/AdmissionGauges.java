package org.acpmerchant.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The gateway's create gate and the completes' latency it works to, read from its Prometheus endpoint during a load
 * test, so that the benchmark can say why creates were refused: a gate full at its maximum (capacity), or one closed
 * towards its minimum because the completes were slow for their target (ADR 0059). With several replicas behind the
 * endpoint, the lowest gate and the highest target of a read count. It also reads the gateway's own timer of the
 * requests it refused (429 and 503 in {@code http_server_requests_seconds}), at the first and the last read, so that a
 * refusal's time inside the gateway can be told from its time at the client.
 */
final class AdmissionGauges {

    static final String GATE = "acp_admission_create_gate";
    static final String TARGET = "acp_admission_target_complete_latency_seconds";

    private final HttpClient http;
    private final URI uri;
    private int reads;
    private int unreadable;
    private double gateMin = Double.POSITIVE_INFINITY;
    private double gateMax = Double.NEGATIVE_INFINITY;
    private double targetMin = Double.POSITIVE_INFINITY;
    private double targetMax = Double.NEGATIVE_INFINITY;
    private Refusals firstRefusals;
    private String lastExposition;

    /**
     * The gateway's refused requests as its timer has them: cumulative count per bucket bound (seconds), count, sum
     * (seconds), summed over every series with status 429 or 503.
     */
    record Refusals(TreeMap<Double, Double> buckets, double count, double sum) {

        static final String NAME = "http_server_requests_seconds";

        static Refusals parse(String exposition) {
            TreeMap<Double, Double> buckets = new TreeMap<>();
            double count = 0;
            double sum = 0;
            for (String line : exposition.split("\n")) {
                if (!line.startsWith(NAME) || !(line.contains("status=\"503\"") || line.contains("status=\"429\""))) {
                    continue;
                }
                double value = sample(line);
                if (Double.isNaN(value)) {
                    continue;
                }
                if (line.startsWith(NAME + "_bucket{")) {
                    int at = line.indexOf("le=\"");
                    if (at < 0) {
                        continue;
                    }
                    String le = line.substring(at + 4, line.indexOf('"', at + 4));
                    buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value,
                            Double::sum);
                } else if (line.startsWith(NAME + "_count{")) {
                    count += value;
                } else if (line.startsWith(NAME + "_sum{")) {
                    sum += value;
                }
            }
            return new Refusals(buckets, count, sum);
        }

        /** What was added between {@code earlier} and this read. */
        Refusals since(Refusals earlier) {
            TreeMap<Double, Double> delta = new TreeMap<>();
            buckets.forEach((le, c) -> delta.put(le, c - earlier.buckets.getOrDefault(le, 0.0)));
            return new Refusals(delta, count - earlier.count, sum - earlier.sum);
        }

        /** The smallest bucket bound (seconds) at or under which a {@code q} share of the requests finished. */
        double quantileBound(double q) {
            for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
                if (bucket.getValue() >= q * count) {
                    return bucket.getKey();
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    AdmissionGauges(HttpClient http, URI uri) {
        this.http = http;
        this.uri = uri;
    }

    /** One read of the endpoint; a failed or gauge-less read is counted, never thrown. */
    void read() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                unreadable++;
                return;
            }
            OptionalDouble gate = lowest(response.body(), GATE);
            OptionalDouble target = highest(response.body(), TARGET);
            if (gate.isEmpty() || target.isEmpty()) {
                unreadable++;
                return;
            }
            reads++;
            if (firstRefusals == null) {
                firstRefusals = Refusals.parse(response.body());
            }
            lastExposition = response.body(); // parsed once the window is over, not at every read
            gateMin = Math.min(gateMin, gate.getAsDouble());
            gateMax = Math.max(gateMax, gate.getAsDouble());
            targetMin = Math.min(targetMin, target.getAsDouble());
            targetMax = Math.max(targetMax, target.getAsDouble());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unreadable++;
        } catch (Exception e) {
            unreadable++;
        }
    }

    int reads() {
        return reads;
    }

    double gateMin() {
        return gateMin;
    }

    double gateMax() {
        return gateMax;
    }

    double targetMin() {
        return targetMin;
    }

    double targetMax() {
        return targetMax;
    }

    /** The refusals the gateway's timer counted between the first and the last read; null before two reads. */
    Refusals refusedInWindow() {
        return reads < 2 ? null : Refusals.parse(lastExposition).since(firstRefusals);
    }

    /** The lines the benchmark prints. */
    String summary() {
        if (reads == 0) {
            return "create gate: not read from " + uri + " (" + unreadable + " reads without its gauges)";
        }
        String gate = String.format(Locale.ROOT,
                "create gate (%d reads of %s): %s to %s in flight; the completes' latency it works to: %.1f to %.1f s",
                reads, uri, whole(gateMin), whole(gateMax), targetMin, targetMax);
        Refusals refused = refusedInWindow();
        if (refused == null || refused.count() < 1) {
            return gate;
        }
        return gate + String.format(Locale.ROOT,
                "%nrefused inside the gateway (its http_server_requests timer, 429/503, first to last read): %d,"
                        + " mean %.1f ms, p50 <= %s, p99 <= %s (bucket bounds)",
                Math.round(refused.count()), 1000 * refused.sum() / refused.count(),
                bound(refused.quantileBound(0.5)), bound(refused.quantileBound(0.99)));
    }

    private static String bound(double seconds) {
        return Double.isInfinite(seconds) ? "above the largest bucket"
                : String.format(Locale.ROOT, "%s ms", whole(Math.round(seconds * 1e6) / 1000.0));
    }

    private static String whole(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static OptionalDouble lowest(String exposition, String name) {
        return values(exposition, name, true);
    }

    static OptionalDouble highest(String exposition, String name) {
        return values(exposition, name, false);
    }

    /** The lowest or highest sample of {@code name} in Prometheus' text format; empty if it has none. */
    private static OptionalDouble values(String exposition, String name, boolean lowest) {
        OptionalDouble found = OptionalDouble.empty();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name) || line.length() == name.length()) {
                continue;
            }
            char next = line.charAt(name.length());
            if (next != '{' && next != ' ') {
                continue; // another metric whose name starts with this one
            }
            double value = sample(line);
            if (Double.isNaN(value)) {
                continue;
            }
            if (found.isEmpty() || (lowest ? value < found.getAsDouble() : value > found.getAsDouble())) {
                found = OptionalDouble.of(value);
            }
        }
        return found;
    }

    /**
     * The value of a sample line, {@code name{labels} value [timestamp]} (labels hold no spaces in what Micrometer
     * writes); NaN when the line has none.
     */
    private static double sample(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
