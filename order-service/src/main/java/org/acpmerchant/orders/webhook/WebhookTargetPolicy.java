package org.acpmerchant.orders.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses webhook targets that resolve to loopback, private, link-local, unique-local, carrier-grade NAT or
 * wildcard addresses (server-side request forgery), unless private targets are explicitly allowed.
 */
public class WebhookTargetPolicy {

    private final boolean allowPrivateTargets;

    public WebhookTargetPolicy(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /** Throws {@link RefusedTargetException} for a non-HTTP(S) URL or one resolving to a refused address. */
    public void check(URI url) throws UnknownHostException {
        String scheme = url.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new RefusedTargetException("webhook target must be an http(s) URL with a host: " + url);
        }
        if (allowPrivateTargets) {
            return;
        }
        for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
            if (isPrivate(address)) {
                throw new RefusedTargetException("webhook target " + url.getHost() + " resolves to a private address");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc;
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    /** The target is not allowed. */
    public static class RefusedTargetException extends RuntimeException {
        public RefusedTargetException(String message) {
            super(message);
        }
    }
}
