package org.acpmerchant.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack started again while the previous one is still stopping waits for the previous PostgreSQL to exit
 * before it deletes its data directory, and refuses to start beside one that keeps running.
 */
class PostmasterWaitTest {

    @TempDir
    Path pgDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private void pidFile(String firstLine) throws Exception {
        Files.writeString(pgDir.resolve("postmaster.pid"), firstLine + "\n" + pgDir + "\n1733486400\n54329\n");
    }

    @Test
    void noPidFile_orAnUnreadableOne_startsAtOnce() throws Exception {
        LocalStack.awaitNoPostmaster(pgDir, Duration.ZERO, out);
        pidFile("");
        LocalStack.awaitNoPostmaster(pgDir, Duration.ZERO, out);
        pidFile("not a pid");
        LocalStack.awaitNoPostmaster(pgDir, Duration.ZERO, out);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPostmasterThatHasExited_isNotWaitedFor() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        pidFile(String.valueOf(exited.pid()));

        LocalStack.awaitNoPostmaster(pgDir, Duration.ZERO, out);

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPostmasterThatExitsWhileWaited_letsTheStackStart() throws Exception {
        Process stopping = new ProcessBuilder("sleep", "0.5").start();
        pidFile(String.valueOf(stopping.pid()));

        LocalStack.awaitNoPostmaster(pgDir, Duration.ofSeconds(20), out);

        // the handle, as the wait reads it: Process.isAlive() turns false only once the JVM's reaper has recorded the
        // exit, a moment after the pid is gone (seen failing on a loaded machine)
        assertThat(stopping.toHandle().isAlive()).as("the previous postmaster has exited").isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("waiting for the previous stack's PostgreSQL (pid " + stopping.pid() + ") to stop");
    }

    @Test
    void aPostmasterThatKeepsRunning_stopsTheStartWithASentence() throws Exception {
        Process running = new ProcessBuilder("sleep", "30").start();
        try {
            pidFile(String.valueOf(running.pid()));

            assertThatThrownBy(() -> LocalStack.awaitNoPostmaster(pgDir, Duration.ofMillis(300), out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("PostgreSQL (pid " + running.pid() + ") still runs on " + pgDir
                            + ": another local stack is using it; stop that one first, or set ACP_LOCAL_DATA_DIR");
            assertThat(running.isAlive()).as("never touched").isTrue();
        } finally {
            running.destroy();
        }
    }
}
