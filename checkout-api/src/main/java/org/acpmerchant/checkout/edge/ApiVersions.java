package org.acpmerchant.checkout.edge;

import java.util.List;

/**
 * The ACP API versions the gateway serves, newest first (the order ACP's Error.supported_versions wants). Each has
 * a request and response mapping in {@code edge.versions} around the canonical 2026-04-17 model.
 */
public final class ApiVersions {

    public static final String V2026_04_17 = "2026-04-17";
    public static final String V2026_01_30 = "2026-01-30";
    public static final String V2026_01_16 = "2026-01-16";
    public static final String V2025_12_12 = "2025-12-12";
    public static final String V2025_09_29 = "2025-09-29";
    public static final String CANONICAL = V2026_04_17;
    public static final List<String> SUPPORTED = List.of(V2026_04_17, V2026_01_30, V2026_01_16, V2025_12_12, V2025_09_29);

    private ApiVersions() {}

    public static String require(String header) {
        if (header == null || header.isBlank()) {
            throw new AcpException(400, "invalid_request", "missing_api_version",
                    "The API-Version header is required.", null, SUPPORTED, null);
        }
        String version = header.trim();
        if (!SUPPORTED.contains(version)) {
            throw new AcpException(400, "invalid_request", "unsupported_api_version",
                    "API version '" + ResourceIds.shown(version) + "' is not supported", null, SUPPORTED, null);
        }
        return version;
    }
}
