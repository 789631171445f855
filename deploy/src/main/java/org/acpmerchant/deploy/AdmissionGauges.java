package org.acpmerchant.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The gateway's create gate and the completes' latency it works to, read from its Prometheus endpoint during a load
 * test, so that the benchmark can say why creates were refused: a gate full at its maximum (capacity), or one closed
 * towards its minimum because the completes were slow for their target (ADR 0059). With several replicas behind the
 * endpoint, the lowest gate and the highest target of a read count.
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

    /** The line the benchmark prints. */
    String summary() {
        if (reads == 0) {
            return "create gate: not read from " + uri + " (" + unreadable + " reads without its gauges)";
        }
        return String.format(Locale.ROOT,
                "create gate (%d reads of %s): %s to %s in flight; the completes' latency it works to: %.1f to %.1f s",
                reads, uri, whole(gateMin), whole(gateMax), targetMin, targetMax);
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
            String[] parts = line.trim().split("\\s+");
            // a sample is "name{labels} value [timestamp]"; labels hold no spaces in what Micrometer writes
            if (parts.length < 2) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (found.isEmpty() || (lowest ? value < found.getAsDouble() : value > found.getAsDouble())) {
                found = OptionalDouble.of(value);
            }
        }
        return found;
    }
}
