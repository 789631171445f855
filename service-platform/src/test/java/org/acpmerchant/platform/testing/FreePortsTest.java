package org.acpmerchant.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreBelowTheEphemeralRange_distinct_andBindable() throws Exception {
        int ceiling = FreePorts.CEILING;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = FreePorts.next();
            assertThat(port).isBetween(20_000, ceiling - 1);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket server = new ServerSocket(port)) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortSomeoneListensOn_isNeverHandedOut() throws Exception {
        // A sixth of the range held by listeners this test opened itself, not through FreePorts.
        int ceiling = FreePorts.CEILING;
        Set<ServerSocket> held = new HashSet<>();
        Set<Integer> taken = new HashSet<>();
        try {
            for (int port = 20_000; port < ceiling; port += 6) {
                try {
                    held.add(new ServerSocket(port));
                    taken.add(port);
                } catch (java.io.IOException alreadyInUse) {
                    // someone else's: FreePorts must skip it too
                }
            }
            assertThat(taken).hasSizeGreaterThan(1_000);
            for (int i = 0; i < 500; i++) {
                assertThat(taken).doesNotContain(FreePorts.next());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
