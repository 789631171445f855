package org.acpmerchant.pricing.whatif.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.acpmerchant.pricing.whatif.infrastructure.YamlCandidateRules;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.whatif.WhatIfFixtures;
import org.acpmerchant.pricing.whatif.application.WhatIfSimulation;
import org.acpmerchant.pricing.whatif.domain.WhatIfReport;
import org.acpmerchant.pricing.whatif.application.CandidatePricing;
import org.junit.jupiter.api.Test;

class WhatIfCsvTest {

    @Test
    void every_row_has_the_header_columns_and_the_totals_are_the_sums_of_the_session_rows() throws Exception {
        CandidatePricing candidates = new CandidatePricing(WhatIfFixtures.today(), new YamlCandidateRules());
        QuoteCalculator candidate = candidates.calculator("discounts: []");
        WhatIfReport report = new WhatIfReport(0);
        WhatIfSimulation.Run run = new WhatIfSimulation(WhatIfFixtures.catalog(), WhatIfFixtures.todaysCalculator())
                .start(candidate, report);
        StringWriter out = new StringWriter();
        out.write(WhatIfCsv.HEADER);
        for (var recorded : WhatIfFixtures.recorded(200, 21)) {
            WhatIfCsv.session(out, run.compare(recorded));
        }
        WhatIfCsv.totals(out, report);

        List<String> lines = out.toString().lines().toList();
        int columns = WhatIfCsv.HEADER.split(",", -1).length;
        assertThat(lines).hasSize(1 + 200 + 2).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));
        List<String> header = List.of(lines.get(0).split(","));
        int currency = header.indexOf("currency");
        int candidateTotal = header.indexOf("candidate_total");
        int deltaTotal = header.indexOf("delta_total");
        for (String cur : List.of("usd", "eur")) {
            long sum = 0;
            long delta = 0;
            String total = null;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[currency].equals(cur)) {
                    continue;
                }
                if (cells[0].equals("session")) {
                    sum += Long.parseLong(cells[candidateTotal]);
                    delta += Long.parseLong(cells[deltaTotal]);
                } else {
                    total = line;
                }
            }
            assertThat(total).isNotNull();
            assertThat(Long.parseLong(total.split(",", -1)[candidateTotal])).isEqualTo(sum);
            assertThat(Long.parseLong(total.split(",", -1)[deltaTotal])).isEqualTo(delta).isPositive();
        }
    }

    @Test
    void text_is_quoted_and_never_a_formula() {
        assertThat(WhatIfCsv.text("Los Angeles, County")).isEqualTo("\"Los Angeles, County\"");
        assertThat(WhatIfCsv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(WhatIfCsv.text("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(WhatIfCsv.text("+1")).isEqualTo("'+1");
        assertThat(WhatIfCsv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(WhatIfCsv.text(null)).isEmpty();
    }
}
