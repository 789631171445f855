package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar stopped while it starts. It runs in a process of its own, with its own PostgreSQL and broker, so
 * it needs no stack of this JVM's and runs in the shared-stack suite, beside {@link LocalStackJarIT}'s suite.
 */
class LocalStackStopSignalIT {

    /**
     * A stop signal while the stack starts (a service up, the next one starting) stops what has started, in order,
     * before the broker and PostgreSQL. The stack's own stop used to be registered only once the start had returned:
     * a signal before then stopped the broker and the database under running services (errors in a fresh-clone run).
     */
    @Test
    void aStopSignalWhileTheStackStarts_stopsWhatStarted_withoutAnError() throws Exception {
        LocalStackJarIT.Started started = LocalStackJarIT.startJar();
        Process stack = started.stack();
        Path log = started.log();
        int linesBeforeStop;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (stack.isAlive() && System.nanoTime() < deadline && Files.readAllLines(log).stream()
                    .noneMatch(line -> line.startsWith("[local-stack] order-service up"))) {
                Thread.sleep(20); // the process's output is the only signal of its progress
            }
            assertThat(stack.isAlive()).as(() -> "still starting; the last lines of " + log + ":\n" + LocalStackJarIT.tail(log))
                    .isTrue();
        } finally {
            linesBeforeStop = Files.readAllLines(log).size();
            stack.destroy();
        }
        assertThat(stack.waitFor(60, TimeUnit.SECONDS)).as(() -> "stopped; the last lines:\n" + LocalStackJarIT.tail(log)).isTrue();
        assertThat(LocalStackJarIT.errorsAfter(log, linesBeforeStop)).as("error lines in %s after the stop signal", log)
                .isEmpty();
        // where the start was when the signal came (the next service starting, or the wait for partitions)
        Files.readAllLines(log).stream().filter(line -> line.startsWith("[local-stack]")).forEach(line -> System.out.println("  " + line));
    }
}
