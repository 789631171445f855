package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the benchmark reads of the stack's processes: their nice values and which processes it matched. */
class ProcessCpuTest {

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
