package org.acpmerchant.orders.ops.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.acpmerchant.platform.ops.OpsProperties;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's way to pricing's what-if: {@code POST /ops/what-if} and {@code GET /ops/what-if/config} forward to
 * {@code acp.ops.services.pricing} + {@code /ops/pricing/what-if} and {@code /ops/pricing/config} with the caller's
 * Authorization, else {@code acp.ops.upstream-token}, and stream back what pricing answered (a CSV of a year of
 * sessions passes through without being held).
 */
@RestController
public class WhatIfProxyController {

    private final String pricing;
    private final UpstreamAuthorization upstream;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public WhatIfProxyController(OpsProperties ops, UpstreamAuthorization upstream) {
        String base = ops.services().get("pricing");
        this.pricing = base == null || base.isBlank() ? null : base.replaceAll("/+$", "");
        this.upstream = upstream;
    }

    @GetMapping("/ops/what-if/config")
    void config(HttpServletRequest caller, HttpServletResponse response) throws IOException {
        forward(HttpRequest.newBuilder(uri("/ops/pricing/config")).GET(), caller, response);
    }

    @PostMapping("/ops/what-if")
    void whatIf(@RequestBody(required = false) String body, @RequestParam(required = false) String format,
            HttpServletRequest caller, HttpServletResponse response) throws IOException {
        String query = format == null ? "" : "?format=" + java.net.URLEncoder.encode(format, StandardCharsets.UTF_8);
        forward(HttpRequest.newBuilder(uri("/ops/pricing/what-if" + query)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)), caller, response);
    }

    private URI uri(String path) {
        return pricing == null ? null : URI.create(pricing + path);
    }

    private void forward(HttpRequest.Builder request, HttpServletRequest caller, HttpServletResponse response)
            throws IOException {
        if (pricing == null) {
            error(response, 404, "not_found", "acp.ops.services.pricing is not set: this console cannot reach pricing.");
            return;
        }
        String authorization = upstream.forCaller(caller.getHeader(HttpHeaders.AUTHORIZATION));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String accept = caller.getHeader(HttpHeaders.ACCEPT);
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            error(response, 502, "upstream_unavailable", "Could not reach pricing: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(response, 502, "upstream_unavailable", "Interrupted while waiting for pricing.");
            return;
        }
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 401) {
                // not the console's session that failed: this service's credentials for pricing
                error(response, 502, "upstream_refused",
                        "pricing refused this service's ops credentials (401): check acp.ops.upstream-token.");
                return;
            }
            response.setStatus(answer.statusCode());
            for (String header : new String[] {"Content-Type", "Content-Disposition", "Retry-After"}) {
                answer.headers().firstValue(header).ifPresent(value -> response.setHeader(header, value));
            }
            body.transferTo(response.getOutputStream());
        }
    }

    private static void error(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write(AcpOrderDocument.JSON.createObjectNode().put("type", "invalid_request")
                .put("code", code).put("message", message).toString());
    }
}
