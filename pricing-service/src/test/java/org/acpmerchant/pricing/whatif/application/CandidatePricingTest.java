package org.acpmerchant.pricing.whatif.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.acpmerchant.pricing.whatif.infrastructure.YamlCandidateRules;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.whatif.WhatIfFixtures;
import org.acpmerchant.pricing.whatif.application.CandidatePricing.CandidateRejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CandidatePricingTest {

    final CandidatePricing candidates = new CandidatePricing(WhatIfFixtures.today(), new YamlCandidateRules());

    @Test
    void a_candidate_replaces_only_the_sections_it_sets() {
        PricingProperties p = candidates.properties("""
                tax:
                  rules:
                    - {country: US, region: CA, rate-ppm: 90000, jurisdiction: California}
                """);
        assertThat(p.tax().rules()).singleElement().satisfies(r -> assertThat(r.ratePpm()).isEqualTo(90_000));
        assertThat(p.shipping()).isEqualTo(WhatIfFixtures.today().shipping());
        assertThat(p.discounts()).isEqualTo(WhatIfFixtures.today().discounts());
    }

    @Test
    void the_section_under_acp_pricing_as_in_the_service_file_is_the_same_candidate() {
        assertThat(candidates.properties("""
                acp:
                  pricing:
                    discounts:
                      - {id: d_all, percent-off: 20}
                """)).isEqualTo(candidates.properties("discounts:\n  - {id: d_all, percent-off: 20}\n"));
    }

    @Test
    void an_empty_list_empties_a_section() {
        assertThat(candidates.properties("discounts: []").discounts()).isEmpty();
        assertThat(candidates.properties("discounts: []").tax()).isEqualTo(WhatIfFixtures.today().tax());
    }

    @Test
    void json_is_yaml_too() {
        assertThat(candidates.properties("{\"tax\": {\"rules\": [{\"country\": \"US\", \"region\": \"NY\","
                + " \"rate-ppm\": 40000, \"jurisdiction\": \"New York\"}]}}").tax().rules())
                .singleElement().satisfies(r -> assertThat(r.region()).isEqualTo("NY"));
    }

    @Test
    void todays_rules_render_as_a_candidate_that_binds_to_todays_rules() {
        assertThat(candidates.properties(candidates.currentYaml())).isEqualTo(WhatIfFixtures.today());
    }

    static Stream<Arguments> unusable() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("   \n", "empty"),
                Arguments.of("# only a comment\n", "sets nothing"),
                Arguments.of("tax: [unclosed", "not valid YAML"),
                Arguments.of("tax:\n  rules:\n    - {country: US, region: CA, rate-pm: 90000}\n", "rate-pm"),
                Arguments.of("tax:\n  rulez: []\n", "rulez"),
                Arguments.of("catalog:\n  feed-dir: /tmp\n", "'catalog.feed-dir' is not part of a candidate"),
                Arguments.of("merchant-api-tokens: [x]\n", "is not part of a candidate"),
                Arguments.of("tax:\n  rules:\n    - {country: US, rate-ppm: lots}\n", "rate-ppm"),
                Arguments.of("discounts:\n  - {id: d_x, percent-off: 150}\n", "percent-off must be within 1..100"),
                Arguments.of("discounts:\n  - {id: d_x, percent-off: 10, amount-off: 100, currency: usd}\n",
                        "exactly one of percent-off and amount-off"),
                Arguments.of("discounts:\n  - {percent-off: 10}\n", "a discount needs an id"),
                Arguments.of("discounts:\n  - {id: a, code: X, percent-off: 5}\n  - {id: b, code: X, percent-off: 6}\n",
                        "configured twice"),
                Arguments.of("tax:\n  rules:\n    - {rate-ppm: 1000}\n", "needs a country"),
                Arguments.of("shipping:\n  options:\n    - {id: s, title: S, fee: 100, min-days: 1, max-days: 2,"
                        + " zones: [nowhere]}\n", "unknown zone nowhere"),
                Arguments.of("shipping:\n  options:\n    - {id: s, title: S, fee: -5, min-days: 1, max-days: 2}\n",
                        "invalid shipping option s"),
                Arguments.of("shipping:\n  pickup:\n    - {id: p, pickup-type: drone}\n", "pickup"),
                Arguments.of("tax:\n  rules:\n    - {country: DE, rate-ppm: 1, jurisdiction: A, prices-include-tax: true}\n"
                        + "    - {country: DE, region: BE, rate-ppm: 1, jurisdiction: B}\n", "tax rules of country DE"),
                Arguments.of("- just\n- a list\n", "not part of a candidate"),
                Arguments.of("tax: !!java.io.File /etc/passwd\n", "not valid YAML"));
    }

    @ParameterizedTest
    @MethodSource("unusable")
    void an_unusable_candidate_is_refused_with_what_to_fix(String yaml, String said) {
        assertThatThrownBy(() -> candidates.calculator(yaml)).isInstanceOf(CandidateRejected.class)
                .hasMessageContaining(said);
    }
}
