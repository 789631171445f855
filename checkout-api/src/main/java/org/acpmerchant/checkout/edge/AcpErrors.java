package org.acpmerchant.checkout.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import jakarta.servlet.http.HttpServletResponse;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.web.JsonErrors;

/** Renders ACP's flat error object. */
public final class AcpErrors {

    private static final ObjectMapper JSON = AxonJson.newObjectMapper();

    private AcpErrors() {}

    public static String body(AcpException e) {
        return body(e.type(), e.code(), e.getMessage(), e.param(), e);
    }

    public static String body(String type, String code, String message, String param, AcpException source) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("code", code);
        node.put("message", message);
        if (param != null) {
            node.put("param", param);
        }
        if (source != null && source.supportedVersions() != null) {
            ArrayNode versions = node.putArray("supported_versions");
            source.supportedVersions().forEach(versions::add);
        }
        return node.toString();
    }

    public static void write(HttpServletResponse response, AcpException e) throws IOException {
        if (e.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", e.retryAfterSeconds().toString());
        }
        JsonErrors.write(response, e.status(), body(e));
    }
}
