package org.acpmerchant.checkout.mcp.web;

import org.acpmerchant.checkout.edge.VersionHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.checkout.edge.AcpException;
import org.acpmerchant.checkout.edge.AgentAuthenticator;
import org.acpmerchant.checkout.edge.BoundedJson;
import org.acpmerchant.checkout.edge.ResourceIds;
import org.acpmerchant.checkout.session.protocol.RequestText;
import org.acpmerchant.checkout.edge.versions.ApiVersions;
import org.acpmerchant.checkout.edge.IdempotencyStore;
import org.acpmerchant.checkout.edge.IdempotentExecution;
import org.acpmerchant.checkout.session.application.CheckoutSessions;
import org.acpmerchant.checkout.session.domain.SessionState;
import org.acpmerchant.checkout.session.protocol.AcpRequestParser;
import org.acpmerchant.checkout.session.protocol.AcpSessionRenderer;
import org.acpmerchant.checkout.session.protocol.SessionErrors;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ACP's MCP binding (2026-04-17): JSON-RPC 2.0 on {@code POST /mcp} with the five checkout tools, answering with
 * the same session bodies as REST and ACP errors as JSON-RPC error {@code -32000} with the ACP error in
 * {@code data}. The bearer token authenticates; {@code meta.api_version} and {@code meta.idempotency_key} play the
 * roles of the REST headers.
 */
@RestController
class McpController {

    private static final Map<String, String> TOOLS = Map.of(
            "create_checkout_session", "Create a checkout session (payload: CheckoutSessionCreateRequest).",
            "get_checkout_session", "Retrieve a checkout session by id.",
            "update_checkout_session", "Update a checkout session (id, payload: CheckoutSessionUpdateRequest).",
            "complete_checkout_session", "Complete a checkout session (id, payload: CheckoutSessionCompleteRequest).",
            "cancel_checkout_session", "Cancel a checkout session (id, optional payload: CancelSessionRequest).");

    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final ObjectMapper reader = BoundedJson.builder().build();
    private final AgentAuthenticator authenticator;
    private final CheckoutSessions sessions;
    private final AcpRequestParser parser;
    private final AcpSessionRenderer renderer;
    private final IdempotentExecution execution;
    private final Clock clock;

    McpController(AgentAuthenticator authenticator, CheckoutSessions sessions, AcpRequestParser parser,
            AcpSessionRenderer renderer, IdempotencyStore idempotency, Clock clock) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.parser = parser;
        this.renderer = renderer;
        this.execution = new IdempotentExecution(idempotency);
        this.clock = clock;
    }

    @PostMapping("/mcp")
    ResponseEntity<String> rpc(HttpServletRequest request) throws IOException {
        Optional<String> agent = authenticator.authenticate(request.getHeader("Authorization"));
        if (agent.isEmpty()) {
            return ResponseEntity.status(401).contentType(MediaType.APPLICATION_JSON).body(
                    error(null, -32000, "Unauthorized", AcpException.of(401, "unauthorized", "A valid bearer token is required.")).toString());
        }
        JsonNode call;
        try {
            call = reader.readTree(request.getInputStream().readNBytes(256 * 1024));
        } catch (IOException e) {
            return ok(rpcError(null, -32700, "Parse error"));
        }
        JsonNode id = call == null ? null : call.get("id");
        if (id != null && !(id.isNull() || id.isIntegralNumber() && id.canConvertToLong()
                || id.isTextual() && id.textValue().length() <= 200 && RequestText.problem(id.textValue()) == null)) {
            return ok(rpcError(null, -32600, "Invalid Request: id must be a string of at most 200 characters or an "
                    + "integer"));
        }
        if (call == null || !call.isObject() || !call.path("jsonrpc").isTextual()
                || !"2.0".equals(call.path("jsonrpc").textValue()) || !call.path("method").isTextual()) {
            return ok(rpcError(id, -32600, "Invalid Request"));
        }
        try {
            RequestText.check(call, "$");
        } catch (AcpException e) {
            return ok(rpcError(id, -32602, "Invalid params: " + e.getMessage()));
        }
        if (id == null) {
            return ResponseEntity.accepted().build();
        }
        String requestId = request.getHeader("Request-Id");
        return switch (call.get("method").asText()) {
            case "initialize" -> ok(result(id, initialize()));
            case "tools/list" -> ok(result(id, toolList()));
            case "tools/call" -> ok(toolCall(id, call.path("params"), new CheckoutSessions.Caller(agent.get(), requestId)));
            default -> ok(rpcError(id, -32601, "Method not found"));
        };
    }

    private ObjectNode toolCall(JsonNode id, JsonNode params, CheckoutSessions.Caller caller) {
        String tool = params.path("name").asText();
        JsonNode args = params.path("arguments");
        if (!TOOLS.containsKey(tool)) {
            return rpcError(id, -32602, "Unknown tool: " + ResourceIds.shown(tool));
        }
        if (!args.isObject() || !args.path("meta").isObject()) {
            return rpcError(id, -32602, "arguments.meta is required");
        }
        JsonNode meta = args.get("meta");
        try {
            if (!ApiVersions.CANONICAL.equals(meta.path("api_version").asText(null))) {
                VersionHeader.require(meta.path("api_version").asText(null), ApiVersions.SUPPORTED);
                throw new AcpException(400, "invalid_request", "unsupported_api_version",
                        "The MCP binding serves API version " + ApiVersions.CANONICAL, null,
                        java.util.List.of(ApiVersions.CANONICAL), null);
            }
            String sessionId = args.path("id").asText(null);
            if (!"create_checkout_session".equals(tool) && (sessionId == null || sessionId.isBlank())) {
                throw AcpException.invalid("missing", "'id' is required for " + tool + ".", "$.id");
            }
            if (sessionId != null && !"create_checkout_session".equals(tool) && !ResourceIds.valid(sessionId)) {
                throw AcpException.of(404, "session_not_found",
                        "Checkout session '" + ResourceIds.shown(sessionId) + "' was not found.");
            }
            byte[] payload = args.has("payload") && !args.get("payload").isNull()
                    ? args.get("payload").toString().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if ("get_checkout_session".equals(tool)) {
                return result(id, render(sessions.get(caller, sessionId)));
            }
            String scope = "/mcp/" + tool + "/" + (sessionId == null ? "" : sessionId);
            var outcome = execution.run(caller.agentId(), scope, meta.path("idempotency_key").asText(null), payload,
                    200, key -> {
                        CheckoutSessions.Caller keyed = caller.withKey(key);
                        try {
                            SessionState state = switch (tool) {
                                case "create_checkout_session" -> {
                                    var parsed = parser.parseCreate(payload);
                                    yield sessions.create(keyed, parsed.inputs(), parsed.attribution());
                                }
                                case "update_checkout_session" -> sessions.update(keyed, sessionId, parser.parseUpdate(payload));
                                case "complete_checkout_session" -> sessions.complete(keyed, sessionId, parser.parseComplete(payload));
                                default -> sessions.cancel(keyed, sessionId, parser.parseCancel(payload));
                            };
                            return render(state).toString();
                        } catch (RuntimeException e) {
                            throw SessionErrors.toAcp(e);
                        }
                    }, ref -> render(sessions.get(caller, ref)).toString());
            JsonNode body = json.readTree(outcome.body());
            return outcome.status() < 400 ? result(id, body) : acpError(id, body);
        } catch (RuntimeException e) {
            AcpException acp = SessionErrors.toAcp(e);
            return error(id, -32000, acp.getMessage(), acp);
        } catch (IOException e) {
            return rpcError(id, -32603, "Internal error");
        }
    }

    private ObjectNode render(SessionState state) {
        return renderer.render(state, clock.instant());
    }

    private ObjectNode initialize() {
        ObjectNode result = json.createObjectNode();
        result.put("protocolVersion", "2025-06-18");
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "acp-merchant").put("version", "0.1.0");
        return result;
    }

    private ObjectNode toolList() {
        ObjectNode result = json.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        TOOLS.forEach((name, description) -> {
            ObjectNode tool = tools.addObject().put("name", name).put("description", description);
            ObjectNode schema = tool.putObject("inputSchema").put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("meta").put("type", "object");
            properties.putObject("id").put("type", "string");
            properties.putObject("payload").put("type", "object");
            schema.putArray("required").add("meta");
        });
        return result;
    }

    /** An ACP error as JSON-RPC error -32000; params point into {@code arguments.payload}. */
    private ObjectNode acpError(JsonNode id, JsonNode acp) {
        ObjectNode data = acp.deepCopy();
        if (data.has("param") && data.get("param").asText().startsWith("$.")) {
            data.put("param", "$.payload." + data.get("param").asText().substring(2));
        }
        ObjectNode response = envelope(id);
        ObjectNode error = response.putObject("error");
        error.put("code", -32000);
        error.put("message", acp.path("message").asText());
        error.set("data", data);
        return response;
    }

    private ObjectNode error(JsonNode id, int code, String message, AcpException acp) {
        try {
            return acpError(id, json.readTree(org.acpmerchant.checkout.edge.AcpErrors.body(acp)));
        } catch (IOException e) {
            return rpcError(id, code, message);
        }
    }

    private ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = envelope(id);
        response.set("result", result);
        return response;
    }

    private ObjectNode rpcError(JsonNode id, int code, String message) {
        ObjectNode response = envelope(id);
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }

    private ObjectNode envelope(JsonNode id) {
        ObjectNode response = json.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? json.nullNode() : id);
        return response;
    }

    private static ResponseEntity<String> ok(ObjectNode body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
}
