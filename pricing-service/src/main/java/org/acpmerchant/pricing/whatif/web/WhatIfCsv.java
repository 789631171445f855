package org.acpmerchant.pricing.whatif.web;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.acpmerchant.pricing.whatif.domain.QuoteFigures;
import org.acpmerchant.pricing.whatif.domain.SessionComparison;
import org.acpmerchant.pricing.whatif.domain.WhatIfReport;

/**
 * The what-if as CSV: one {@code session} row per re-priced checkout, then one {@code total} row per currency (there
 * {@code changed} and {@code drift} count sessions). Amounts are integer minor units; tax by jurisdiction is
 * {@code name=amount} pairs separated by {@code ;}. Text that a spreadsheet would run as a formula is prefixed with
 * {@code '}.
 */
final class WhatIfCsv {

    static final String HEADER = "row_type,session_id,status,created_at,currency,changed,drift,problem,"
            + "recorded_items_base_amount,candidate_items_base_amount,delta_items_base_amount,"
            + "recorded_items_discount,candidate_items_discount,delta_items_discount,"
            + "recorded_subtotal,candidate_subtotal,delta_subtotal,"
            + "recorded_fulfillment,candidate_fulfillment,delta_fulfillment,"
            + "recorded_tax,candidate_tax,delta_tax,"
            + "recorded_total,candidate_total,delta_total,"
            + "recorded_fulfillment_option,candidate_fulfillment_option,"
            + "recorded_tax_by_jurisdiction,candidate_tax_by_jurisdiction\n";

    private WhatIfCsv() {}

    static void session(Writer out, SessionComparison s) throws IOException {
        QuoteFigures was = s.recorded();
        QuoteFigures would = s.candidate() == null ? s.recorded() : s.candidate();
        List<String> cells = new ArrayList<>(List.of("session", text(s.sessionId()), text(s.status()),
                s.createdAt() == null ? "" : s.createdAt().toString(), text(s.currency()),
                String.valueOf(s.changed()), String.valueOf(s.drift()), text(s.problem())));
        money(cells, was.itemsBase(), would.itemsBase());
        money(cells, was.discount(), would.discount());
        money(cells, was.subtotal(), would.subtotal());
        money(cells, was.fulfillment(), would.fulfillment());
        money(cells, was.tax(), would.tax());
        money(cells, was.total(), would.total());
        cells.add(text(was.fulfillmentOptionId()));
        cells.add(s.candidate() == null ? "" : text(would.fulfillmentOptionId()));
        cells.add(text(jurisdictions(was.taxByJurisdiction())));
        cells.add(s.candidate() == null ? "" : text(jurisdictions(would.taxByJurisdiction())));
        out.write(String.join(",", cells));
        out.write('\n');
    }

    static void totals(Writer out, WhatIfReport report) throws IOException {
        for (WhatIfReport.CurrencyTotals c : report.currencies()) {
            List<String> cells = new ArrayList<>(List.of("total", "", "", "", text(c.currency()),
                    String.valueOf(c.changed()), String.valueOf(c.drifted()),
                    c.unpriceable() == 0 ? "" : c.unpriceable() + " sessions could not be priced"));
            money(cells, c.recorded().itemsBase(), c.candidate().itemsBase());
            money(cells, c.recorded().discount(), c.candidate().discount());
            money(cells, c.recorded().subtotal(), c.candidate().subtotal());
            money(cells, c.recorded().fulfillment(), c.candidate().fulfillment());
            money(cells, c.recorded().tax(), c.candidate().tax());
            money(cells, c.recorded().total(), c.candidate().total());
            cells.add("");
            cells.add("");
            cells.add(text(c.taxByJurisdiction().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()[0]).collect(Collectors.joining(";"))));
            cells.add(text(c.taxByJurisdiction().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()[1]).collect(Collectors.joining(";"))));
            out.write(String.join(",", cells));
            out.write('\n');
        }
    }

    private static void money(List<String> cells, long recorded, long candidate) {
        cells.add(Long.toString(recorded));
        cells.add(Long.toString(candidate));
        cells.add(Long.toString(Math.subtractExact(candidate, recorded)));
    }

    private static String jurisdictions(Map<String, Long> amounts) {
        return amounts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    /** RFC 4180 quoting, and no cell a spreadsheet would evaluate. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
