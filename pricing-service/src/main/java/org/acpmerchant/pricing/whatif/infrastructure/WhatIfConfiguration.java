package org.acpmerchant.pricing.whatif.infrastructure;

import org.acpmerchant.platform.ops.OpsProperties;
import org.acpmerchant.platform.ops.UpstreamAuthorization;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.quote.domain.QuoteCalculator;
import org.acpmerchant.pricing.quote.infrastructure.JdbcPriceCatalog;
import org.acpmerchant.pricing.whatif.application.CandidatePricing;
import org.acpmerchant.pricing.whatif.application.RecordedQuotes;
import org.acpmerchant.pricing.whatif.application.WhatIfSimulation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What-if re-pricing: today's rules, a candidate's, and checkout-api's recorded prices at
 * {@code acp.ops.services.checkout}, read with the caller's credentials or {@code acp.ops.upstream-token}.
 */
@Configuration(proxyBeanMethods = false)
public class WhatIfConfiguration {

    @Bean
    WhatIfSimulation whatIfSimulation(JdbcTemplate jdbc, QuoteCalculator calculator) {
        return new WhatIfSimulation(new JdbcPriceCatalog(jdbc), calculator);
    }

    @Bean
    CandidatePricing candidatePricing(PricingProperties properties) {
        return new CandidatePricing(properties, new YamlCandidateRules());
    }

    @Bean
    RecordedQuotes recordedQuotes(OpsProperties ops) {
        return new HttpRecordedQuotes(ops.services().get("checkout"));
    }

    @Bean
    UpstreamAuthorization upstreamAuthorization(@Value("${acp.ops.upstream-token:}") String token) {
        return new UpstreamAuthorization(token);
    }
}
