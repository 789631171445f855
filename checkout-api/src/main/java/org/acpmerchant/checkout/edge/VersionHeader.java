package org.acpmerchant.checkout.edge;

import java.util.List;

/** The {@code API-Version} header against the versions a gateway serves. */
public final class VersionHeader {

    private VersionHeader() {}

    /**
     * The served version the header names, else the ACP error (400 {@code missing_api_version} or
     * {@code unsupported_api_version}, listing every served version, newest first).
     */
    public static String require(String header, List<String> served) {
        if (header == null || header.isBlank()) {
            throw new AcpException(400, "invalid_request", "missing_api_version",
                    "The API-Version header is required.", null, served, null);
        }
        String version = header.trim();
        if (!served.contains(version)) {
            throw new AcpException(400, "invalid_request", "unsupported_api_version",
                    "API version '" + ResourceIds.shown(version) + "' is not supported", null, served, null);
        }
        return version;
    }
}
