package org.acpmerchant.orders.ops.web;

import org.acpmerchant.orders.ops.OpsAudit;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.acpmerchant.orders.order.query.AcpOrderDocument;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/audit?session_id=…} or {@code ?order_id=…}, {@code format=json} (default), {@code jsonl} or
 * {@code csv}: one checkout's timeline across every service, for ops and auditors.
 */
@RestController
class OpsAuditController {

    private final OpsAudit audit;
    private final UpstreamAuthorization upstream;

    OpsAuditController(OpsAudit audit, UpstreamAuthorization upstream) {
        this.audit = audit;
        this.upstream = upstream;
    }

    @GetMapping("/ops/audit")
    ResponseEntity<?> audit(@RequestParam(name = "session_id", required = false) String sessionId,
            @RequestParam(name = "order_id", required = false) String orderId,
            @RequestParam(name = "format", defaultValue = "json") String format,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if ((sessionId == null) == (orderId == null)) {
            return error(HttpStatus.BAD_REQUEST, "invalid_query", "Give exactly one of session_id and order_id.");
        }
        String session = sessionId;
        if (orderId != null) {
            Set<String> sessions = audit.sessionsOfOrder(orderId);
            if (sessions.isEmpty()) {
                return error(HttpStatus.NOT_FOUND, "not_found", "No such order.");
            }
            session = sessions.iterator().next();
        }
        OpsAudit.Timeline timeline = audit.timeline(session, upstream.forCaller(authorization));
        String name = "audit-" + session.replaceAll("[^A-Za-z0-9_-]", "_");
        switch (format) {
            case "csv":
                return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                        .body(OpsAudit.csv(timeline));
            case "jsonl":
                return ResponseEntity.ok().contentType(new MediaType("application", "x-ndjson"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".jsonl\"")
                        .body(OpsAudit.jsonl(timeline));
            case "json":
                ObjectNode body = AcpOrderDocument.JSON.createObjectNode();
                body.put("session_id", session);
                body.put("order_id", orderId);
                ObjectNode sources = body.putObject("sources");
                timeline.sources().forEach(sources::put);
                body.putArray("timeline").addAll(timeline.entries());
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.toString());
            default:
                return error(HttpStatus.BAD_REQUEST, "invalid_format", "format is json, jsonl or csv.");
        }
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("type", "invalid_request", "code", code, "message", message));
    }
}
