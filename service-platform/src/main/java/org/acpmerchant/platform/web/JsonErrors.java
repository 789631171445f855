package org.acpmerchant.platform.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one error body every service answers with, ACP's flat error object ({@code type}, {@code code},
 * {@code message}): for refusals raised before any controller (a path the firewall rejects, a framework 404 or
 * 405, a request Tomcat itself refuses) as for the controllers' own. Never an exception's text, class or stack.
 */
public final class JsonErrors {

    private JsonErrors() {}

    /** The generic body for an HTTP status with no more specific error at hand. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> body("invalid_request", "invalid_request", "The request is malformed.");
            case 401 -> body("invalid_request", "unauthorized", "A valid bearer token is required.");
            case 403 -> body("invalid_request", "forbidden", "This credential may not do that.");
            case 404 -> body("invalid_request", "not_found", "There is no such resource.");
            case 405 -> body("invalid_request", "method_not_allowed", "This method is not allowed on this path.");
            case 406 -> body("invalid_request", "not_acceptable", "Only application/json responses are available.");
            case 408 -> body("invalid_request", "request_timeout", "The request was not received in time.");
            case 411 -> body("invalid_request", "length_required", "The request needs a Content-Length.");
            case 413 -> body("invalid_request", "request_too_large", "The request body is too large.");
            case 414 -> body("invalid_request", "uri_too_long", "The request URI is too long.");
            case 415 -> body("invalid_request", "unsupported_media_type", "The request body must be application/json.");
            case 429 -> body("rate_limit_exceeded", "rate_limited", "Too many requests; retry later.");
            case 431 -> body("invalid_request", "headers_too_large", "The request headers are too large.");
            case 503 -> body("service_unavailable", "service_unavailable", "The service is unavailable; retry later.");
            default -> status >= 500
                    ? body("processing_error", "internal_error", "An internal error occurred.")
                    : body("invalid_request", "invalid_request", "The request was refused.");
        };
    }

    public static String body(String type, String code, String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        node.put("code", code);
        node.put("message", message);
        return node.toString();
    }

    public static void write(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
