import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's execution samples are, by library: {@code java deploy/bench/JfrShares.java stack.jfr}.
 * Prints, for each library, the share of samples with one of its frames anywhere on the stack (inclusive) and the share
 * whose topmost frame of a known library is its own (self: JDK frames count for the library that called them), then
 * the share of each thread group (digits in thread names folded). A flat profile shows here as many small shares. With
 * a second argument, a part of a frame's {@code Class.method} ({@code com.fasterxml.jackson.},
 * {@code SpringPrototypeAggregateFactory}), also the share of samples with such a frame, by what called it.
 */
public class JfrShares {

    /** Package prefixes, first match wins; anything else counts as "other". */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.acpmerchant.", "ours");
        LIBRARIES.put("org.axonframework.", "axon");
        LIBRARIES.put("com.fasterxml.jackson.", "jackson");
        LIBRARIES.put("kafka.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.storage.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.server.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.coordinator.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.raft.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.controller.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.metadata.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.image.", "kafka broker");
        LIBRARIES.put("org.apache.kafka.clients.", "kafka clients");
        LIBRARIES.put("org.apache.kafka.common.", "kafka common");
        LIBRARIES.put("org.springframework.kafka.", "spring kafka");
        LIBRARIES.put("io.opentelemetry.", "opentelemetry");
        LIBRARIES.put("io.micrometer.", "micrometer");
        LIBRARIES.put("org.postgresql.", "pgjdbc");
        LIBRARIES.put("com.zaxxer.hikari.", "hikari");
        LIBRARIES.put("org.springframework.jdbc.", "spring jdbc");
        LIBRARIES.put("org.springframework.transaction.", "spring tx");
        LIBRARIES.put("org.springframework.web.", "spring web");
        LIBRARIES.put("org.apache.catalina.", "tomcat");
        LIBRARIES.put("org.apache.coyote.", "tomcat");
        LIBRARIES.put("org.apache.tomcat.", "tomcat");
        LIBRARIES.put("com.stripe.", "stripe-java");
        LIBRARIES.put("com.google.gson.", "stripe-java");
        LIBRARIES.put("com.networknt.", "json-schema");
        LIBRARIES.put("ch.qos.logback.", "logback");
        LIBRARIES.put("org.slf4j.", "logback");
        LIBRARIES.put("com.github.kagkarlsson.", "db-scheduler");
        LIBRARIES.put("sun.net.httpserver.", "jdk http server");
        LIBRARIES.put("jdk.internal.net.http.", "jdk http client");
        LIBRARIES.put("org.springframework.", "spring other");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: java deploy/bench/JfrShares.java <recording.jfr> [frame]");
            System.exit(2);
        }
        String wanted = args.length == 2 ? args[1] : null;
        Map<String, Integer> callers = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            Set<String> seen = new LinkedHashSet<>();
            for (RecordedFrame frame : frames) {
                String library = library(frame);
                if (library != null) {
                    seen.add(library);
                }
            }
            seen.forEach(l -> inclusive.merge(l, 1, Integer::sum));
            self.merge(seen.isEmpty() ? "other" : seen.iterator().next(), 1, Integer::sum);
            String caller = wanted == null ? null : callerOf(frames, wanted);
            if (caller != null) {
                callers.merge(caller, 1, Integer::sum);
            }
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        System.out.printf("%d execution samples in %s%n", samples, args[0]);
        print("inclusive (a frame of it anywhere on the stack)", inclusive, samples, 40);
        print("self (its frame the topmost of a known library)", self, samples, 40);
        print("thread groups", threads, samples, 25);
        if (wanted != null) {
            int matching = callers.values().stream().mapToInt(Integer::intValue).sum();
            print(String.format("%d samples (%.1f %%) have a frame matching \"%s\"; by the frame below the outermost"
                    + " match, outside the JDK", matching, 100.0 * matching / Math.max(1, samples), wanted),
                    callers, samples, 25);
        }
    }

    /**
     * For a sample with a frame whose {@code Class.method} contains {@code wanted}: the first frame below the outermost
     * such frame that neither matches nor belongs to the JDK, as {@code Class.method} ("(none)" at the bottom of the
     * stack); null for a sample without a match.
     */
    private static String callerOf(List<RecordedFrame> frames, String wanted) {
        int outermost = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (name(frames.get(i)).contains(wanted)) {
                outermost = i;
            }
        }
        if (outermost < 0) {
            return null;
        }
        for (int i = outermost + 1; i < frames.size(); i++) {
            String name = name(frames.get(i));
            if (!name.contains(wanted) && !name.startsWith("java.") && !name.startsWith("jdk.")
                    && !name.startsWith("sun.")) {
                return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            }
        }
        return "(none)";
    }

    private static String name(RecordedFrame frame) {
        if (frame.getMethod() == null || frame.getMethod().getType() == null) {
            return "?";
        }
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String library(RecordedFrame frame) {
        if (frame.getMethod() == null || frame.getMethod().getType() == null) {
            return null;
        }
        String type = frame.getMethod().getType().getName();
        for (Map.Entry<String, String> e : LIBRARIES.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int limit) {
        System.out.println();
        System.out.println(title);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        sorted.stream().limit(limit).forEach(e -> System.out.printf("  %5.1f %%  %6d  %s%n",
                100.0 * e.getValue() / Math.max(1, samples), e.getValue(), e.getKey()));
    }
}
