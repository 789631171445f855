package org.acpmerchant.orders.ops.console.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.OpsProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's way to another service's projection rebuilds:
 * {@code /ops/services/{service}/projections/{name}/rebuild} (GET, POST, DELETE, and POST {@code …/switch}) forwards
 * to {@code acp.ops.services.{service}} + {@code /ops/projections/{name}/rebuild…} with the caller's Authorization,
 * else {@code acp.ops.upstream-token}, and answers what that service answered ({@code OpsTokenFilter} has already
 * let only operators' writes through). {@code GET /ops/services/projections} lists the other services' rebuildable
 * projections with their rebuild's status.
 */
@RestController
public class RemoteRebuildController {

    /** The other services' rebuildable projections (their {@code GET /ops/projections} lists processors only). */
    record Known(String service, String name, String table) {}

    static final List<Known> KNOWN = List.of(new Known("checkout", "session-view", "session_view"));
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

    private final Map<String, String> services;
    private final UpstreamAuthorization upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public RemoteRebuildController(OpsProperties ops, UpstreamAuthorization upstream) {
        this.services = ops.services();
        this.upstream = upstream;
    }

    @GetMapping("/ops/services/projections")
    List<Map<String, Object>> projections(HttpServletRequest request) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Known known : KNOWN) {
            if (base(known.service()) == null) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", known.service());
            entry.put("name", known.name());
            entry.put("table", known.table());
            entry.put("rebuildable", true);
            ResponseEntity<String> status = forward("GET", known.service(), known.name(), "", null, request);
            if (status.getStatusCode().value() == 200) {
                entry.put("rebuild", read(status.getBody()));
            } else {
                entry.put("rebuild", null);
                if (status.getStatusCode().value() != 404) {
                    Object error = read(status.getBody());
                    entry.put("error", error instanceof Map<?, ?> m && m.get("message") != null ? m.get("message")
                            : known.service() + " answered " + status.getStatusCode().value());
                }
            }
            list.add(entry);
        }
        return list;
    }

    @GetMapping("/ops/services/{service}/projections/{name}/rebuild")
    ResponseEntity<String> status(@PathVariable String service, @PathVariable String name, HttpServletRequest request) {
        return forward("GET", service, name, "", null, request);
    }

    @PostMapping("/ops/services/{service}/projections/{name}/rebuild")
    ResponseEntity<String> start(@PathVariable String service, @PathVariable String name,
            @RequestBody(required = false) String body, HttpServletRequest request) {
        return forward("POST", service, name, "", body, request);
    }

    @PostMapping("/ops/services/{service}/projections/{name}/rebuild/switch")
    ResponseEntity<String> switchIn(@PathVariable String service, @PathVariable String name,
            HttpServletRequest request) {
        return forward("POST", service, name, "/switch", null, request);
    }

    @DeleteMapping("/ops/services/{service}/projections/{name}/rebuild")
    ResponseEntity<String> discard(@PathVariable String service, @PathVariable String name,
            HttpServletRequest request) {
        return forward("DELETE", service, name, "", null, request);
    }

    private ResponseEntity<String> forward(String method, String service, String name, String suffix, String body,
            HttpServletRequest caller) {
        String base = base(service);
        if (base == null || !NAME.matcher(name).matches()) {
            return json(HttpStatus.NOT_FOUND.value(),
                    error("not_found", "No such service or projection: see GET /ops/services/projections."));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/ops/projections/" + name + "/rebuild"
                + suffix)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        boolean hasBody = body != null && !body.isBlank();
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        String authorization = upstream.forCaller(caller.getHeader(HttpHeaders.AUTHORIZATION));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                // not the console's session that failed: this service's credentials for the other one
                return json(HttpStatus.BAD_GATEWAY.value(), error("upstream_refused", service + " refused this"
                        + " service's ops credentials (" + response.statusCode() + "): check acp.ops.upstream-token."));
            }
            return json(response.statusCode(), response.body());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return json(HttpStatus.BAD_GATEWAY.value(), error("upstream_unavailable", "Could not reach " + service
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
    }

    private String base(String service) {
        String base = service == null ? null : services.get(service);
        return base == null || base.isBlank() ? null : base;
    }

    private static Object read(String body) {
        try {
            return body == null || body.isBlank() ? null : AcpOrderDocument.JSON.readValue(body, Object.class);
        } catch (Exception e) {
            return null;
        }
    }

    private static String error(String code, String message) {
        return AcpOrderDocument.JSON.createObjectNode().put("type", "invalid_request").put("code", code)
                .put("message", message).toString();
    }

    private static ResponseEntity<String> json(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
