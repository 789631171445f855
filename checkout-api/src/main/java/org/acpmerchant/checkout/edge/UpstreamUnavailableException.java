package org.acpmerchant.checkout.edge;

/**
 * A service the answer depends on did not answer in time: the agent gets {@code 503 service_unavailable} with
 * {@code code} and {@code Retry-After}, and retries. Thrown by the application's ports (the edge does not know which
 * service it was).
 */
public class UpstreamUnavailableException extends RuntimeException {

    private final String code;
    private final String agentMessage;

    public UpstreamUnavailableException(String code, String agentMessage, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.agentMessage = agentMessage;
    }

    /** The ACP error code, e.g. {@code pricing_unavailable}. */
    public String code() {
        return code;
    }

    /** What the agent is told. */
    public String agentMessage() {
        return agentMessage;
    }
}
