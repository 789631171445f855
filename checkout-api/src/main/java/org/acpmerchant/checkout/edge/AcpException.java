package org.acpmerchant.checkout.edge;

import java.util.List;

/**
 * A protocol-level error, answered in ACP's flat shape {@code {type, code, message, param?, supported_versions?}}.
 * {@code param} is an RFC 9535 JSONPath into the request.
 */
public class AcpException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final List<String> supportedVersions;
    private final Integer retryAfterSeconds;

    public AcpException(int status, String type, String code, String message, String param,
            List<String> supportedVersions, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.supportedVersions = supportedVersions;
        // The 2026-04-17 OpenAPI requires Retry-After on every 409; a state conflict that waiting will not resolve
        // says 1 s (a retry then reads the session's state and is told the same).
        this.retryAfterSeconds = retryAfterSeconds == null && status == 409 ? Integer.valueOf(1) : retryAfterSeconds;
    }

    public static AcpException invalid(String code, String message, String param) {
        return new AcpException(400, "invalid_request", code, message, param, null, null);
    }

    public static AcpException of(int status, String code, String message) {
        return new AcpException(status, "invalid_request", code, message, null, null, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public List<String> supportedVersions() {
        return supportedVersions;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
