package org.acpmerchant.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later, in this JVM or in a child process. A port the kernel hands out for
 * {@code bind(0)} comes from the ephemeral range, the same range every outgoing connection on the machine draws its
 * local port from; in the seconds before the server binds it, another test JVM's client can take it, and the server
 * then fails to start. These ports are drawn at random below that range, checked free, and never handed out twice
 * by one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    /** The ephemeral range's lower bound, read once: the ports are drawn below it. */
    static final int CEILING = ephemeralLowerBound();
    private static final Set<Integer> handedOut = new HashSet<>();

    private FreePorts() {}

    /** A port nothing listens on now, below the ephemeral range, not handed out before by this JVM. */
    public static synchronized int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, CEILING);
            if (!handedOut.contains(port) && bindable(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port in [" + LOWEST + ", " + CEILING + ") after 1,000 tries");
    }

    private static int ephemeralLowerBound() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int lower = Integer.parseInt(range.split("\\s+")[0]);
            return lower > LOWEST + 1_000 ? lower : 32_768;
        } catch (IOException | RuntimeException notLinux) {
            return 32_768; // Linux's default; other systems start theirs higher (49152)
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
