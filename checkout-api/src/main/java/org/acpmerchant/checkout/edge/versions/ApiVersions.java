package org.acpmerchant.checkout.edge.versions;

import java.util.List;

/**
 * The released ACP API versions, newest first (the order ACP's Error.supported_versions wants), read from the one
 * registry, {@link AcpVersions#RELEASES}; what a running gateway serves (released plus any a deployment adds) is its
 * {@code AcpVersions} bean.
 */
public final class ApiVersions {

    public static final String CANONICAL = AcpVersions.CANONICAL;
    public static final List<String> SUPPORTED = AcpVersions.releasedNames();

    private ApiVersions() {}
}
