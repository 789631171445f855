package org.acpmerchant.pricing.whatif.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.acpmerchant.events.quote.RecordedQuote;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.whatif.application.RecordedQuotes;
import org.acpmerchant.pricing.whatif.application.WhatIfSimulation;
import org.acpmerchant.pricing.whatif.domain.QuoteFigures;
import org.acpmerchant.pricing.whatif.domain.SessionComparison;
import org.acpmerchant.pricing.whatif.domain.WhatIfReport;
import org.acpmerchant.pricing.whatif.application.CandidatePricing;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What-if re-pricing (ops; a read, open to auditors): {@code GET /ops/pricing/config} is today's tax, shipping and
 * discount rules as a candidate text; {@code POST /ops/pricing/what-if} with
 * {@code {"from", "to", "scope": "completed"|"all", "candidate": "<YAML>", "sessions": 100}} re-prices every recorded
 * checkout created in {@code [from, to)} with the candidate rules and answers the totals per currency and the
 * {@code sessions} largest changes as JSON, or every session and the totals as CSV ({@code ?format=csv} or
 * {@code Accept: text/csv}). Nothing is written anywhere. One run at a time per instance: a second gets 429, so that
 * ops never take the quote path's CPU away from agents.
 */
@RestController
public class OpsWhatIfController {

    static final int MAX_CANDIDATE_CHARS = 256 * 1024;
    private static final Set<String> SCOPES = Set.of("completed", "all");

    record WhatIfRequest(String from, String to, String scope, String candidate, Integer sessions) {}

    private final WhatIfSimulation simulation;
    private final CandidatePricing candidates;
    private final RecordedQuotes recorded;
    private final UpstreamAuthorization upstream;
    private final ObjectMapper json = AxonJson.newObjectMapper();
    private final Semaphore oneRun = new Semaphore(1);

    public OpsWhatIfController(WhatIfSimulation simulation, CandidatePricing candidates, RecordedQuotes recorded,
            UpstreamAuthorization upstream) {
        this.simulation = simulation;
        this.candidates = candidates;
        this.recorded = recorded;
        this.upstream = upstream;
    }

    @GetMapping(value = "/ops/pricing/config", produces = "application/yaml")
    String config() {
        return candidates.currentYaml();
    }

    @PostMapping("/ops/pricing/what-if")
    ResponseEntity<?> whatIf(@RequestBody(required = false) String body,
            @RequestParam(required = false) String format, HttpServletRequest http, HttpServletResponse response)
            throws java.io.IOException {
        WhatIfRequest request;
        try {
            request = body == null || body.isBlank() ? null : json.readValue(body, WhatIfRequest.class);
        } catch (Exception e) {
            return invalid("$", "invalid_json", "The body is not the JSON object this endpoint takes.");
        }
        if (request == null) {
            return invalid("$", "missing", "Give from, to and a candidate.");
        }
        Instant from;
        Instant to;
        try {
            from = Instant.parse(request.from() == null ? "" : request.from());
        } catch (DateTimeParseException e) {
            return invalid("$.from", "invalid", "Give 'from' as an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z.");
        }
        try {
            to = Instant.parse(request.to() == null ? "" : request.to());
        } catch (DateTimeParseException e) {
            return invalid("$.to", "invalid", "Give 'to' as an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z.");
        }
        if (!from.isBefore(to)) {
            return invalid("$.to", "invalid", "'to' must be after 'from'.");
        }
        String scope = request.scope() == null ? "completed" : request.scope().toLowerCase(Locale.ROOT);
        if (!SCOPES.contains(scope)) {
            return invalid("$.scope", "invalid", "'scope' is 'completed' or 'all'.");
        }
        int kept = request.sessions() == null ? 100 : request.sessions();
        if (kept < 0 || kept > 10_000) {
            return invalid("$.sessions", "invalid", "'sessions' (how many of the largest changes to list) is 0 to"
                    + " 10000; the CSV has them all.");
        }
        if (request.candidate() != null && request.candidate().length() > MAX_CANDIDATE_CHARS) {
            return invalid("$.candidate", "too_large", "The candidate is larger than 256 KiB.");
        }
        QuoteCalculator candidate;
        try {
            candidate = candidates.calculator(request.candidate());
        } catch (CandidatePricing.CandidateRejected e) {
            return invalid("$.candidate", "invalid", e.getMessage());
        }
        if (!oneRun.tryAcquire()) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_JSON).body(error("invalid_request", "what_if_running",
                            null, "A what-if is already running on this instance; try again when it is done."));
        }
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accepts(http, "text/csv"));
        Stream<RecordedQuote> quotes;
        try {
            quotes = recorded.open(from, to, scope, upstream.forCaller(http.getHeader(HttpHeaders.AUTHORIZATION)));
        } catch (RecordedQuotes.Unavailable e) {
            oneRun.release();
            return ResponseEntity.status(502).contentType(MediaType.APPLICATION_JSON)
                    .body(error("service_unavailable", "upstream_unavailable", null, e.getMessage()));
        }
        if (csv) {
            // written straight to the response as the recorded prices stream in: a year of sessions never sits in
            // memory, and no async request timeout cuts a long run short
            try (quotes) {
                response.setStatus(200);
                response.setContentType("text/csv;charset=UTF-8");
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"what-if.csv\"");
                Writer writer = new BufferedWriter(
                        new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
                writer.write(WhatIfCsv.HEADER);
                WhatIfReport report = new WhatIfReport(0);
                WhatIfSimulation.Run run = simulation.start(candidate, report);
                try {
                    for (RecordedQuote q : (Iterable<RecordedQuote>) quotes::iterator) {
                        WhatIfCsv.session(writer, run.compare(q));
                    }
                } catch (RecordedQuotes.Unavailable | UncheckedIOException e) {
                    // the rows so far are sent: end with a row that says the file is incomplete
                    writer.write("error,,,,,,," + WhatIfCsv.text(String.valueOf(e.getMessage())) + "\n");
                    writer.flush();
                    throw e;
                }
                WhatIfCsv.totals(writer, report);
                writer.flush();
                return null;
            } finally {
                oneRun.release();
            }
        }
        long started = System.nanoTime();
        try (quotes) {
            WhatIfReport report = new WhatIfReport(kept);
            WhatIfSimulation.Run run = simulation.start(candidate, report);
            quotes.forEach(run::compare);
            ObjectNode answer = summary(report, from, to, scope);
            answer.put("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer.toString());
        } catch (RecordedQuotes.Unavailable | UncheckedIOException e) {
            return ResponseEntity.status(502).contentType(MediaType.APPLICATION_JSON)
                    .body(error("service_unavailable", "upstream_unavailable", null, e.getMessage()));
        } finally {
            oneRun.release();
        }
    }

    private ObjectNode summary(WhatIfReport report, Instant from, Instant to, String scope) {
        ObjectNode answer = json.createObjectNode();
        answer.put("from", from.toString()).put("to", to.toString()).put("scope", scope)
                .put("sessions", report.sessions()).put("changed", report.changed());
        ArrayNode currencies = answer.putArray("currencies");
        for (WhatIfReport.CurrencyTotals c : report.currencies()) {
            ObjectNode node = currencies.addObject().put("currency", c.currency()).put("sessions", c.sessions())
                    .put("changed", c.changed()).put("drifted", c.drifted()).put("unpriceable", c.unpriceable());
            sums(node.putObject("recorded"), c.recorded());
            sums(node.putObject("candidate"), c.candidate());
            ObjectNode delta = node.putObject("delta");
            delta.put("items_base_amount", c.candidate().itemsBase() - c.recorded().itemsBase())
                    .put("items_discount", c.candidate().discount() - c.recorded().discount())
                    .put("subtotal", c.candidate().subtotal() - c.recorded().subtotal())
                    .put("fulfillment", c.candidate().fulfillment() - c.recorded().fulfillment())
                    .put("tax", c.candidate().tax() - c.recorded().tax())
                    .put("total", c.candidate().total() - c.recorded().total());
            ArrayNode taxes = node.putArray("tax_by_jurisdiction");
            c.taxByJurisdiction().forEach((jurisdiction, amounts) -> taxes.addObject()
                    .put("jurisdiction", jurisdiction).put("recorded", amounts[0]).put("candidate", amounts[1])
                    .put("delta", amounts[1] - amounts[0]));
        }
        ArrayNode largest = answer.putArray("largest_changes");
        for (SessionComparison s : report.largestChanges()) {
            ObjectNode node = largest.addObject().put("session_id", s.sessionId()).put("status", s.status())
                    .put("created_at", s.createdAt() == null ? null : s.createdAt().toString())
                    .put("currency", s.currency()).put("drift", s.drift()).put("delta_total", s.totalDelta());
            if (s.problem() != null) {
                node.put("problem", s.problem());
            }
            figures(node.putObject("recorded"), s.recorded());
            if (s.candidate() != null) {
                figures(node.putObject("candidate"), s.candidate());
            }
        }
        return answer;
    }

    private static void sums(ObjectNode node, WhatIfReport.Sums sums) {
        node.put("items_base_amount", sums.itemsBase()).put("items_discount", sums.discount())
                .put("subtotal", sums.subtotal()).put("fulfillment", sums.fulfillment()).put("tax", sums.tax())
                .put("total", sums.total());
    }

    private static void figures(ObjectNode node, QuoteFigures f) {
        node.put("items_base_amount", f.itemsBase()).put("items_discount", f.discount()).put("subtotal", f.subtotal())
                .put("fulfillment", f.fulfillment()).put("fulfillment_option_id", f.fulfillmentOptionId())
                .put("tax", f.tax()).put("total", f.total());
        ObjectNode taxes = node.putObject("tax_by_jurisdiction");
        f.taxByJurisdiction().forEach(taxes::put);
    }

    private static boolean accepts(HttpServletRequest http, String type) {
        String accept = http.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(type);
    }

    private ResponseEntity<?> invalid(String param, String code, String message) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                .body(error("invalid_request", code, param, message));
    }

    private String error(String type, String code, String param, String message) {
        ObjectNode node = json.createObjectNode().put("type", type).put("code", code);
        if (param != null) {
            node.put("param", param);
        }
        return node.put("message", message).toString();
    }
}
