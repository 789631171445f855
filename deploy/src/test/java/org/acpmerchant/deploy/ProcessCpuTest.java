package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the benchmark reads of the stack's processes: their nice values, which processes it matched, and the share of
 * their CPU that a JVM's JIT compiler threads spent.
 */
class ProcessCpuTest {

    /** A JVM that compiles (the source launcher runs javac, then a hot loop) and a shell loop that cannot. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void jitTicks_countOnlyAJvmsCompilerThreads(boolean jvm, @TempDir Path dir)
            throws Exception {
        assumeTrue(ProcessCpu.available(), "no /proc on this machine");
        String marker = "process-cpu-jit-" + System.nanoTime();
        List<String> command;
        if (jvm) {
            Path source = Files.writeString(dir.resolve("Spin.java"), """
                    public class Spin {
                        public static void main(String[] args) {
                            long end = System.nanoTime() + 30_000_000_000L, x = 0;
                            while (System.nanoTime() < end) {
                                x += Long.toString(x).hashCode();
                            }
                            System.out.println(x);
                        }
                    }
                    """);
            String java = ProcessHandle.current().info().command().orElse("java");
            command = List.of(java, "-XX:+UseSerialGC", "-Dmarker=" + marker, source.toString());
        } else {
            command = List.of("sh", "-c", "while :; do :; done; echo " + marker);
        }
        Process child = new ProcessBuilder(command).start();
        try {
            ProcessCpu cpu = new ProcessCpu(null, Pattern.compile(Pattern.quote(marker)));
            cpu.start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                cpu.sample();
                Thread.sleep(50);
            }
            ProcessCpu.Window window = cpu.stop();
            assertThat(cpu.matched()).contains(child.pid());
            assertThat(window.ticks()).isPositive();
            if (jvm) {
                assertThat(window.jitTicks()).isPositive().isLessThan(window.ticks());
            } else {
                assertThat(window.jitTicks()).isZero();
            }
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 10, 19})
    void niceAndMatching_readFromProc_forAProcessStartedUnderNice(int increment) throws Exception {
        assumeTrue(ProcessCpu.available(), "no /proc on this machine");
        int own = ProcessCpu.nice(ProcessHandle.current().pid());
        String marker = "process-cpu-test-" + increment + "-" + System.nanoTime();
        Process child = new ProcessBuilder("nice", "-n", String.valueOf(increment), "sh", "-c",
                "sleep 30; echo " + marker).start();
        try {
            ProcessCpu cpu = new ProcessCpu(null, Pattern.compile(Pattern.quote(marker)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Set<Long> matched = Set.of();
            while (matched.isEmpty() && System.nanoTime() < deadline) {
                cpu.sample();
                matched = cpu.matched();
            }
            assertThat(matched).contains(child.pid());
            // The child matches from its start (the marker is in nice's arguments) but takes its nice value only when
            // nice has run: poll for it.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                    assertThat(ProcessCpu.nice(child.pid())).isEqualTo(Math.min(19, own + increment)));
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(ProcessCpu.nice(child.pid())).isNull();
    }
}
