package org.acpmerchant.checkout.session.web;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.acpmerchant.checkout.session.query.PricedCheckouts;
import org.acpmerchant.platform.axon.AxonJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ops/checkouts/priced?from=…&to=…&scope=completed|all} (an ops read): the recorded price of every
 * session created in {@code [from, to)}, one {@code RecordedQuote} JSON object per line, for pricing's what-if.
 */
@RestController
class OpsPricedCheckoutsController {

    private final PricedCheckouts checkouts;
    private final ObjectWriter json = AxonJson.newObjectMapper().writer();

    OpsPricedCheckoutsController(PricedCheckouts checkouts) {
        this.checkouts = checkouts;
    }

    @GetMapping("/ops/checkouts/priced")
    ResponseEntity<?> priced(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false, defaultValue = "completed") String scope, HttpServletResponse response)
            throws java.io.IOException {
        Instant start;
        Instant end;
        try {
            start = Instant.parse(from == null ? "" : from);
        } catch (DateTimeParseException e) {
            return invalid("from", "Give 'from' as an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z.");
        }
        try {
            end = Instant.parse(to == null ? "" : to);
        } catch (DateTimeParseException e) {
            return invalid("to", "Give 'to' as an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z.");
        }
        if (!start.isBefore(end)) {
            return invalid("to", "'to' must be after 'from'.");
        }
        PricedCheckouts.Scope which;
        try {
            which = PricedCheckouts.Scope.valueOf(scope.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return invalid("scope", "'scope' is 'completed' or 'all'.");
        }
        // written straight to the response from a cursor: no async request timeout cuts a year of sessions short
        response.setStatus(200);
        response.setContentType("application/x-ndjson;charset=UTF-8");
        var writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                64 * 1024);
        checkouts.stream(start, end, which, recorded -> {
            try {
                writer.write(json.writeValueAsString(recorded));
                writer.write('\n');
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.flush();
        return null;
    }

    private static ResponseEntity<?> invalid(String param, String message) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(Map.of(
                "type", "invalid_request", "code", "invalid", "param", "$." + param, "message", message));
    }
}
